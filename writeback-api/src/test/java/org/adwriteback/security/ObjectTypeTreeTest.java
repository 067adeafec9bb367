package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The MS-DTYP object type list: pre-order levels, parents, subtrees, GUID lookup. */
class ObjectTypeTreeTest {

  private static UUID g(int i) {
    return new UUID(0x1234, i);
  }

  @Test
  void parentsAndSubtreesFollowThePreOrder() {
    ObjectTypeTree t =
        ObjectTypeTree.builder(g(0))
            .propertySet(g(1), List.of(g(2), g(3)))
            .add(1, g(4))
            .propertySet(g(5), List.of(g(6)))
            .build();
    assertThat(t.size()).isEqualTo(7);
    assertThat(t.parent(0)).isEqualTo(-1);
    assertThat(t.parent(3)).isEqualTo(1);
    assertThat(t.parent(4)).isZero();
    assertThat(t.parent(6)).isEqualTo(5);
    assertThat(t.subtreeEnd(0)).isEqualTo(7);
    assertThat(t.subtreeEnd(1)).isEqualTo(4);
    assertThat(t.subtreeEnd(4)).isEqualTo(5);
    for (int i = 0; i < 7; i++) {
      assertThat(t.indexOf(g(i))).isEqualTo(i);
    }
    assertThat(t.indexOf(g(99))).isEqualTo(-1);
  }

  @Test
  void aPropertyWithoutPropertySetSitsAtLevelOne() {
    ObjectTypeTree t = ObjectTypeTree.forProperty(g(0), Optional.empty(), g(9));
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.level(1)).isEqualTo(1);
    ObjectTypeTree withSet = ObjectTypeTree.forProperty(g(0), Optional.of(g(8)), g(9));
    assertThat(withSet.level(withSet.indexOf(g(9)))).isEqualTo(2);
  }

  @Test
  void rejectsLevelJumpsAndDuplicates() {
    assertThatThrownBy(() -> ObjectTypeTree.builder(g(0)).add(2, g(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level 2");
    assertThatThrownBy(() -> ObjectTypeTree.builder(g(0)).add(1, g(1)).add(1, g(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }
}
