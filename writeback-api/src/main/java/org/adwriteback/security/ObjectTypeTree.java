package org.adwriteback.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The object type list of MS-DTYP 2.5.3.2 (an array of OBJECT_TYPE_LIST structures): a tree of
 * GUIDs in pre-order, the object's class at level 0, property sets (or control access rights,
 * validated writes) at level 1 and properties at level 2, as MS-ADTS 5.1.3.3 builds it for a
 * directory operation. An object ACE whose ObjectType is a node of the tree applies to that node
 * and its descendants.
 *
 * <p>Build one with {@link #of(UUID)} and {@link Builder}; GUIDs are unique within a tree. The tree
 * is immutable and can be reused across access checks.
 */
public final class ObjectTypeTree {

  /** The deepest level MS-DTYP allows (ACCESS_MAX_LEVEL). */
  public static final int MAX_LEVEL = 4;

  private final UUID[] guids;
  private final int[] levels;
  private final int[] parents;
  private final int[] subtreeEnd;
  private final int[] hashSlots;
  private final int hashMask;

  private ObjectTypeTree(List<UUID> guidList, List<Integer> levelList) {
    int n = guidList.size();
    this.guids = guidList.toArray(new UUID[0]);
    this.levels = new int[n];
    this.parents = new int[n];
    this.subtreeEnd = new int[n];
    for (int i = 0; i < n; i++) {
      levels[i] = levelList.get(i);
    }
    for (int i = 0; i < n; i++) {
      int p = -1;
      for (int j = i - 1; j >= 0; j--) {
        if (levels[j] < levels[i]) {
          p = j;
          break;
        }
      }
      parents[i] = p;
      int end = i + 1;
      while (end < n && levels[end] > levels[i]) {
        end++;
      }
      subtreeEnd[i] = end;
    }
    int cap = Integer.highestOneBit(Math.max(4, n * 2 + 1)) << 1;
    this.hashSlots = new int[cap];
    this.hashMask = cap - 1;
    java.util.Arrays.fill(hashSlots, -1);
    for (int i = 0; i < n; i++) {
      int s = slot(guids[i]);
      while (hashSlots[s] >= 0) {
        if (guids[hashSlots[s]].equals(guids[i])) {
          throw new IllegalArgumentException(
              "GUID "
                  + guids[i]
                  + " appears twice in the object type tree; each node must be unique");
        }
        s = (s + 1) & hashMask;
      }
      hashSlots[s] = i;
    }
  }

  private int slot(UUID g) {
    long x = g.getMostSignificantBits() ^ g.getLeastSignificantBits();
    int h = (int) (x ^ (x >>> 32));
    return (h ^ (h >>> 16)) & hashMask;
  }

  /**
   * A tree holding only the object's class (what create-child, delete and whole-object checks use).
   *
   * @param objectClass the schemaIDGUID of the class at level 0
   * @return the tree
   */
  public static ObjectTypeTree of(UUID objectClass) {
    return builder(objectClass).build();
  }

  /**
   * Starts a tree with the object's class at level 0.
   *
   * @param objectClass the schemaIDGUID of the class
   * @return a builder
   */
  public static Builder builder(UUID objectClass) {
    return new Builder(objectClass);
  }

  /**
   * The tree MS-ADTS 5.1.3.3 uses to check a property: class, then the attribute's property set
   * (when it has one), then the attribute.
   *
   * @param objectClass the object's class
   * @param propertySet the attribute's attributeSecurityGUID, if any
   * @param attribute the attribute's schemaIDGUID
   * @return the tree
   */
  public static ObjectTypeTree forProperty(
      UUID objectClass, Optional<UUID> propertySet, UUID attribute) {
    Builder b = builder(objectClass);
    if (propertySet.isPresent() && !propertySet.get().equals(attribute)) {
      b.add(1, propertySet.get()).add(2, attribute);
    } else {
      b.add(1, attribute);
    }
    return b.build();
  }

  /**
   * Returns the number of nodes.
   *
   * @return at least 1
   */
  public int size() {
    return guids.length;
  }

  /**
   * Returns the GUID of a node.
   *
   * @param node 0-based index in pre-order
   * @return the GUID
   */
  public UUID guid(int node) {
    return guids[node];
  }

  /**
   * Returns the level of a node (0 = object, 1 = property set, 2 = property).
   *
   * @param node the node
   * @return the level
   */
  public int level(int node) {
    return levels[node];
  }

  /**
   * Returns the parent of a node.
   *
   * @param node the node
   * @return the parent's index, or -1 for the root
   */
  public int parent(int node) {
    return parents[node];
  }

  /**
   * Returns the index after the last descendant of a node: the subtree is {@code node ..
   * subtreeEnd(node) - 1}.
   *
   * @param node the node
   * @return the exclusive end of its subtree
   */
  public int subtreeEnd(int node) {
    return subtreeEnd[node];
  }

  /**
   * Finds the node holding a GUID.
   *
   * @param guid the GUID
   * @return its index, or -1 if it is not in the tree
   */
  public int indexOf(UUID guid) {
    int s = slot(guid);
    int i;
    while ((i = hashSlots[s]) >= 0) {
      if (guids[i].equals(guid)) {
        return i;
      }
      s = (s + 1) & hashMask;
    }
    return -1;
  }

  /** Accumulates nodes in pre-order. */
  public static final class Builder {
    private final List<UUID> guids = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();

    private Builder(UUID root) {
      guids.add(Objects.requireNonNull(root, "objectClass"));
      levels.add(0);
    }

    /**
     * Appends a node. Nodes come in pre-order: each node's level is at most one more than the
     * previous node's, and at least 1.
     *
     * @param level 1 to {@link #MAX_LEVEL}
     * @param guid the property set, property, right or class GUID
     * @return this builder
     * @throws IllegalArgumentException if the level breaks the pre-order
     */
    public Builder add(int level, UUID guid) {
      Objects.requireNonNull(guid, "guid");
      int previous = levels.get(levels.size() - 1);
      if (level < 1 || level > MAX_LEVEL || level > previous + 1) {
        throw new IllegalArgumentException(
            "node "
                + guid
                + " has level "
                + level
                + " after a node of level "
                + previous
                + "; levels run from 1 to 4 and grow by at most one per node (pre-order)");
      }
      guids.add(guid);
      levels.add(level);
      return this;
    }

    /**
     * Appends a property set at level 1 and its properties at level 2.
     *
     * @param propertySet the property set's rightsGuid
     * @param properties the member attributes' schemaIDGUIDs
     * @return this builder
     */
    public Builder propertySet(UUID propertySet, List<UUID> properties) {
      add(1, propertySet);
      for (UUID p : properties) {
        add(2, p);
      }
      return this;
    }

    /**
     * Builds the tree.
     *
     * @return the tree
     * @throws IllegalArgumentException if a GUID appears twice
     */
    public ObjectTypeTree build() {
      return new ObjectTypeTree(guids, levels);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ObjectTypeTree[");
    for (int i = 0; i < guids.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(levels[i]).append(':').append(guids[i]);
    }
    return sb.append(']').toString();
  }
}
