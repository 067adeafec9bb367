package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every row of the shared SDDL / binary vectors (src/test/resources/vectors). */
class SecurityDescriptorVectorTest {

  private static final HexFormat HEX = HexFormat.of();

  @TestFactory
  Stream<DynamicTest> binaryParsesAndReEncodesIdentically() {
    return Vectors.read("sddl-binary.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    row.toString(),
                    () -> {
                      byte[] bytes = HEX.parseHex(row.get(2));
                      assertThat(SecurityDescriptor.fromBytes(bytes).toBytes()).isEqualTo(bytes);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> sddlParsesToTheSameDescriptorAsWindowsBytes() {
    return Vectors.read("sddl-binary.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    row.toString(),
                    () -> {
                      SecurityDescriptor fromBytes =
                          SecurityDescriptor.fromBytes(HEX.parseHex(row.get(2)));
                      SecurityDescriptor fromSddl =
                          SecurityDescriptor.fromSddl(row.get(1), Vectors.CONTEXT);
                      assertThat(fromSddl).isEqualTo(fromBytes);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> binaryToSddlAndBackGivesTheSameBytes() {
    return Vectors.read("sddl-binary.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    row.toString(),
                    () -> {
                      byte[] bytes = HEX.parseHex(row.get(2));
                      SecurityDescriptor parsed = SecurityDescriptor.fromBytes(bytes);
                      String sddl = parsed.toSddl(Vectors.CONTEXT);
                      SecurityDescriptor again = SecurityDescriptor.fromSddl(sddl, Vectors.CONTEXT);
                      if (inWindowsLayout(bytes)) {
                        assertThat(HEX.formatHex(again.toBytes()))
                            .as("via %s", sddl)
                            .isEqualTo(row.get(2));
                      } else {
                        // .NET/Mono layout (owner, group, SACL, DACL): we write Windows'
                        // layout,
                        // so only the descriptor, not the byte order, can survive
                        assertThat(again).as("via %s", sddl).isEqualTo(parsed);
                        assertThat(inWindowsLayout(again.toBytes())).isTrue();
                      }
                    }));
  }

  /** True if the non-zero offsets are in Windows' order: SACL, DACL, owner, group. */
  private static boolean inWindowsLayout(byte[] b) {
    int[] order = {12, 16, 4, 8};
    int last = 0;
    for (int at : order) {
      int off = BinaryCodec.i32(b, at);
      if (off != 0) {
        if (off < last) {
          return false;
        }
        last = off;
      }
    }
    return true;
  }

  @TestFactory
  Stream<DynamicTest> sddlIsPrintedBackInWindowsCanonicalForm() {
    return Vectors.read("sddl-canonical.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    row.toString(),
                    () -> {
                      String out =
                          SecurityDescriptor.fromSddl(row.get(1), Vectors.CONTEXT)
                              .toSddl(Vectors.CONTEXT);
                      if (row.get(0).contains("case-insensitive")
                          || row.get(0).contains("canonical.txt")) {
                        // Samba notes Windows' hex case differs from AD's; compare ignoring
                        // case
                        assertThat(out).isEqualToIgnoringCase(row.get(2));
                      } else {
                        assertThat(out).isEqualTo(row.get(2));
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> acceptsAndRejectsLikeWindows() {
    return Vectors.read("sddl-validity.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    row.toString() + " -> " + row.get(2),
                    () -> {
                      if (row.get(2).equals("accept")) {
                        assertThat(SecurityDescriptor.fromSddl(row.get(1), Vectors.CONTEXT))
                            .isNotNull();
                      } else {
                        assertThatThrownBy(
                                () -> SecurityDescriptor.fromSddl(row.get(1), Vectors.CONTEXT))
                            .isInstanceOf(SddlParseException.class);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> rendersAceMasksLikeWindows() {
    return Vectors.read("mask-rendering.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    row.toString(),
                    () -> {
                      String typeName = row.get(1);
                      int flags = Integer.decode(row.get(2).split(" ")[0]);
                      int mask =
                          Integer.parseUnsignedInt(row.get(3).split(" ")[0].substring(2), 16);
                      Sid sid = Sid.parse(row.get(4));
                      AceFlags f = AceFlags.of(flags);
                      AccessMask m = AccessMask.of(mask);
                      Ace ace;
                      if (typeName.contains("isCallback=true")) {
                        ace =
                            new CallbackAce(AceType.ACCESS_DENIED_CALLBACK, f, m, sid, new byte[0]);
                      } else {
                        ace = new AccessAce(AceType.valueOf(typeName.split(" ")[0]), f, m, sid);
                      }
                      String sddl =
                          SecurityDescriptor.ofDacl(Acl.empty()).withDacl(Acl.of(ace)).toSddl();
                      if (ace instanceof KnownAce k && k.type() == AceType.SYSTEM_AUDIT) {
                        sddl =
                            SecurityDescriptor.of(
                                    ControlFlags.NONE,
                                    java.util.Optional.empty(),
                                    java.util.Optional.empty(),
                                    java.util.Optional.of(Acl.of(ace)),
                                    java.util.Optional.empty())
                                .toSddl();
                      }
                      assertThat(sddl.substring(2)).isEqualTo(row.get(5));
                    }));
  }

  private static final Sid WINE_GROUP = Sid.parse("S-1-5-21-93476-23408-4576");

  private static SecurityDescriptor sd(int control, Sid owner, Sid group, Acl sacl, Acl dacl) {
    return SecurityDescriptor.of(
        ControlFlags.of(control),
        java.util.Optional.ofNullable(owner),
        java.util.Optional.ofNullable(group),
        java.util.Optional.ofNullable(sacl),
        java.util.Optional.ofNullable(dacl));
  }

  /**
   * The descriptors binary-to-sddl.tsv describes in prose, built with the model; a row is keyed by
   * its line number and may list several variants (e.g. "defaulted or not") that must all print the
   * same SDDL.
   */
  private static java.util.List<SecurityDescriptor> describedDescriptor(int line) {
    // Mono's rows use SACL revision 1, which the model (MS-DTYP: 2 or 4) does not build; the
    // revision is not part of SDDL, so revision 2 describes the same SDDL
    Acl emptyRev1 = Acl.empty();
    Acl baFull =
        Acl.of(
            new AccessAce(
                AceType.ACCESS_ALLOWED,
                AceFlags.NONE,
                AccessMask.of(0x7fffffff),
                Sid.BUILTIN_ADMINISTRATORS));
    return switch (line) {
      case 2, 10 -> java.util.List.of(sd(0, null, null, null, null));
      case 3 ->
          java.util.List.of(
              sd(0, Sid.LOCAL, null, null, null),
              sd(ControlFlags.OWNER_DEFAULTED, Sid.LOCAL, null, null, null));
      case 4 -> java.util.List.of(sd(0, Sid.LOCAL_SYSTEM, null, null, null));
      case 5 -> java.util.List.of(sd(0, Sid.LOCAL_SYSTEM, WINE_GROUP, null, null));
      case 6 -> java.util.List.of(sd(0, null, WINE_GROUP, null, null));
      case 7 ->
          java.util.List.of(
              sd(0, Sid.LOCAL_SYSTEM, WINE_GROUP, null, Acl.empty()),
              sd(ControlFlags.DACL_DEFAULTED, Sid.LOCAL_SYSTEM, WINE_GROUP, null, Acl.empty()));
      case 8 -> java.util.List.of(sd(0, Sid.LOCAL_SYSTEM, WINE_GROUP, Acl.empty(), Acl.empty()));
      case 9 ->
          java.util.List.of(
              sd(
                      0,
                      Sid.LOCAL_SYSTEM,
                      WINE_GROUP,
                      Acl.of(
                          new AccessAce(
                              AceType.SYSTEM_AUDIT,
                              AceFlags.of(0xdf),
                              AccessMask.of(0x2001f),
                              Sid.SERVICE)),
                      null)
                  .withNullDacl());
      case 11 ->
          java.util.List.of(
              sd(0, Sid.BUILTIN_USERS, Sid.BUILTIN_ADMINISTRATORS, emptyRev1, Acl.empty()));
      case 12, 13 -> {
        int control =
            ControlFlags.DACL_PROTECTED
                | ControlFlags.DACL_AUTO_INHERITED
                | ControlFlags.DACL_AUTO_INHERIT_REQ
                | ControlFlags.SACL_AUTO_INHERITED
                | (line == 13 ? ControlFlags.SERVER_SECURITY | ControlFlags.DACL_DEFAULTED : 0);
        yield java.util.List.of(
            sd(control, Sid.BUILTIN_USERS, Sid.BUILTIN_ADMINISTRATORS, emptyRev1, baFull));
      }
      default -> throw new AssertionError("binary-to-sddl.tsv line " + line + " has no builder");
    };
  }

  @TestFactory
  Stream<DynamicTest> apiBuiltDescriptorsPrintTheSddlWindowsPrints() {
    return Vectors.read("binary-to-sddl.tsv").stream()
        .map(
            row ->
                dynamicTest(
                    "line " + row.line() + ": " + row.get(1),
                    () -> {
                      for (SecurityDescriptor built : describedDescriptor(row.line())) {
                        assertThat(built.toSddl()).as(row.get(1)).isEqualTo(row.get(2));
                        // and the bytes we write for it say the same
                        assertThat(SecurityDescriptor.fromBytes(built.toBytes()).toSddl())
                            .isEqualTo(row.get(2));
                      }
                    }));
  }
}
