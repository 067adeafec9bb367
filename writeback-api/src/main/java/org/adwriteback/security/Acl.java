package org.adwriteback.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An access control list (MS-DTYP 2.4.5): a revision and an ordered list of ACEs. Immutable; every
 * edit returns a new ACL and none merges or reorders ACEs unless asked ({@link #canonicalize()},
 * {@link #sortLikeDirectoryServer()}).
 *
 * <p>{@code equals} compares the ACEs in order (semantically, see {@link Ace}); the revision and
 * any unused bytes at the end of a parsed ACL (AclSize larger than its ACEs, which Windows
 * produces) are layout, kept for the binary round trip but not compared. A new ACL has revision 2,
 * or 4 (ACL_REVISION_DS) when it holds an object ACE; editing a parsed ACL keeps its revision
 * unless an object ACE requires 4.
 */
public final class Acl {

  /** ACL_REVISION: ACLs without object ACEs. */
  public static final int REVISION = 2;

  /** ACL_REVISION_DS: ACLs that hold object ACEs. */
  public static final int REVISION_DS = 4;

  private static final Acl EMPTY = new Acl(REVISION, List.of(), Bytes.EMPTY, 0, 0);

  private final int revision;
  private final List<Ace> aces;
  private final byte[] trailing;
  private final int sbz1;
  private final int sbz2;

  // Encoding shortcut: the first sourceAces ACEs are, byte for byte, source[sourceOff, +sourceLen)
  // (the parsed descriptor's private copy). Appending to a parsed ACL then re-encodes only the new
  // ACE. Not part of equality.
  private final byte[] source;
  private final int sourceOff;
  private final int sourceLen;
  private final int sourceAces;

  // DescriptorInheritance's per-ACL precomputation, built on first use (see InheritableAces for
  // why an unsynchronized field is safe). Not part of equality.
  private InheritableAces inheritance;

  Acl(int revision, List<Ace> aces, byte[] trailing, int sbz1, int sbz2) {
    this(revision, aces, trailing, sbz1, sbz2, null, 0, 0, 0);
  }

  Acl(
      int revision,
      List<Ace> aces,
      byte[] trailing,
      int sbz1,
      int sbz2,
      byte[] source,
      int sourceOff,
      int sourceLen,
      int sourceAces) {
    this.revision = revision;
    this.aces = aces;
    this.trailing = trailing;
    this.sbz1 = sbz1;
    this.sbz2 = sbz2;
    this.source = source;
    this.sourceOff = sourceOff;
    this.sourceLen = sourceLen;
    this.sourceAces = sourceAces;
  }

  /**
   * Returns an ACL holding no ACE (an empty DACL denies everyone everything; it is not a NULL
   * DACL).
   *
   * @return the empty ACL, revision 2
   */
  public static Acl empty() {
    return EMPTY;
  }

  /**
   * Returns an ACL with these ACEs in this order; revision 2, or 4 if an object ACE is present.
   *
   * @param aces the ACEs
   * @return the ACL
   */
  public static Acl of(List<? extends Ace> aces) {
    List<Ace> copy = List.copyOf(aces);
    return new Acl(checkedRevision(copy), copy, Bytes.EMPTY, 0, 0);
  }

  /**
   * {@link #checkTotalSize} and {@link #requiredRevision} in one pass over a list without nulls.
   */
  private static int checkedRevision(List<Ace> aces) {
    int n = aces.size();
    if (n > 0xFFFF) {
      throw new IllegalArgumentException("an ACL holds at most 65535 ACEs, got " + n);
    }
    long size = 8;
    boolean objectAces = false;
    for (int i = 0; i < n; i++) {
      Ace a = aces.get(i);
      size += a.size();
      objectAces |= a instanceof ObjectAce || a instanceof CallbackObjectAce;
    }
    if (size > 0xFFFF) {
      throw new IllegalArgumentException(
          "the ACEs need " + size + " bytes; AclSize is 16 bits (at most 65535)");
    }
    return objectAces ? REVISION_DS : REVISION;
  }

  /**
   * Returns an ACL with these ACEs in this order; revision 2, or 4 if an object ACE is present.
   *
   * @param aces the ACEs
   * @return the ACL
   */
  public static Acl of(Ace... aces) {
    return of(Arrays.asList(aces));
  }

  /**
   * Returns an ACL with an explicit revision.
   *
   * @param revision 2, 3 or 4
   * @param aces the ACEs
   * @return the ACL
   * @throws IllegalArgumentException if the revision is not 2 to 4, or an object ACE needs 4
   */
  public static Acl of(int revision, List<? extends Ace> aces) {
    List<Ace> copy = List.copyOf(aces);
    if (revision < 2 || revision > 4) {
      throw new IllegalArgumentException("ACL revision must be 2, 3 or 4, got " + revision);
    }
    if (requiredRevision(copy, REVISION) > revision) {
      throw new IllegalArgumentException(
          "an ACL holding object ACEs must have revision 4 (ACL_REVISION_DS), got " + revision);
    }
    checkTotalSize(copy);
    return new Acl(revision, copy, Bytes.EMPTY, 0, 0);
  }

  /**
   * An ACL over the first {@code count} ACEs of an array the caller hands over (it must not change
   * it afterwards): the checks and the revision of {@link #of(List)}, computed from what the caller
   * already knows.
   *
   * @param aces the ACEs; the array is kept
   * @param count how many of them
   * @param bytes the sum of their sizes
   * @param objectAces whether one is an object ACE (revision 4)
   */
  static Acl wrap(Ace[] aces, int count, long bytes, boolean objectAces) {
    if (count > 0xFFFF) {
      throw new IllegalArgumentException("an ACL holds at most 65535 ACEs, got " + count);
    }
    if (bytes + 8 > 0xFFFF) {
      throw new IllegalArgumentException(
          "the ACEs need " + (bytes + 8) + " bytes; AclSize is 16 bits (at most 65535)");
    }
    return new Acl(
        objectAces ? REVISION_DS : REVISION, new AceArrayList(aces, count), Bytes.EMPTY, 0, 0);
  }

  /** The precomputation {@link DescriptorInheritance} keeps on this ACL. */
  InheritableAces inheritance() {
    InheritableAces i = inheritance;
    if (i == null) {
      i = InheritableAces.of(this);
      inheritance = i;
    }
    return i;
  }

  /**
   * An unmodifiable list over the first {@code count} elements of an array the caller hands over.
   */
  static List<Ace> listOf(Ace[] aces, int count) {
    return new AceArrayList(aces, count);
  }

  /** An unmodifiable list view of a prefix of an array nobody else holds. */
  private static final class AceArrayList extends java.util.AbstractList<Ace>
      implements java.util.RandomAccess {
    private final Ace[] aces;
    private final int size;

    AceArrayList(Ace[] aces, int size) {
      this.aces = aces;
      this.size = size;
    }

    @Override
    public Ace get(int index) {
      Objects.checkIndex(index, size);
      return aces[index];
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Object[] toArray() {
      return Arrays.copyOf(aces, size, Object[].class);
    }
  }

  static int requiredRevision(List<Ace> aces, int floor) {
    if (floor >= REVISION_DS) {
      return floor;
    }
    for (Ace a : aces) {
      if (a instanceof ObjectAce || a instanceof CallbackObjectAce) {
        return REVISION_DS;
      }
    }
    return floor;
  }

  private static void checkTotalSize(List<Ace> aces) {
    if (aces.size() > 0xFFFF) {
      throw new IllegalArgumentException("an ACL holds at most 65535 ACEs, got " + aces.size());
    }
    long size = 8;
    for (Ace a : aces) {
      size += Objects.requireNonNull(a, "ace").size();
    }
    if (size > 0xFFFF) {
      throw new IllegalArgumentException(
          "the ACEs need " + size + " bytes; AclSize is 16 bits (at most 65535)");
    }
  }

  private Acl edited(List<Ace> newAces) {
    List<Ace> copy = Collections.unmodifiableList(newAces);
    checkTotalSize(copy);
    return new Acl(requiredRevision(copy, revision), copy, Bytes.EMPTY, sbz1, sbz2);
  }

  /**
   * Returns the AclRevision byte.
   *
   * @return 2 (ACL_REVISION) or 4 (ACL_REVISION_DS), or what a parsed ACL said
   */
  public int revision() {
    return revision;
  }

  /**
   * Returns the ACEs in order.
   *
   * @return an unmodifiable list
   */
  public List<Ace> aces() {
    return aces;
  }

  /**
   * Returns the number of ACEs.
   *
   * @return the AceCount
   */
  public int size() {
    return aces.size();
  }

  /**
   * Tells whether the ACL holds no ACE.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return aces.isEmpty();
  }

  /**
   * Returns the ACE at a position.
   *
   * @param index 0-based position
   * @return the ACE
   */
  public Ace get(int index) {
    return aces.get(index);
  }

  /**
   * Returns the AclSize of the binary form: 8 bytes of header, the ACEs, and for a parsed ACL any
   * unused bytes it carried.
   *
   * @return the size in bytes
   */
  public int binaryLength() {
    int size = 8 + trailing.length;
    int from = 0;
    if (source != null) {
      size += sourceLen;
      from = sourceAces;
    }
    for (int i = from; i < aces.size(); i++) {
      size += aces.get(i).size();
    }
    return size;
  }

  byte[] sourceRef() {
    return source;
  }

  int sourceOff() {
    return sourceOff;
  }

  int sourceLen() {
    return sourceLen;
  }

  int sourceAces() {
    return sourceAces;
  }

  byte[] trailingRef() {
    return trailing;
  }

  int sbz1() {
    return sbz1;
  }

  int sbz2() {
    return sbz2;
  }

  /**
   * Returns an ACL with {@code ace} appended at the end (no canonical placement; see {@link
   * #addCanonical(Ace)}).
   *
   * @param ace the ACE
   * @return the new ACL
   */
  public Acl add(Ace ace) {
    return add(aces.size(), ace);
  }

  /**
   * Returns an ACL with {@code ace} inserted at {@code index}.
   *
   * @param index the position, 0 to {@link #size()}
   * @param ace the ACE
   * @return the new ACL
   */
  public Acl add(int index, Ace ace) {
    Objects.requireNonNull(ace, "ace");
    int n = aces.size();
    Objects.checkIndex(index, n + 1);
    Ace[] array = new Ace[n + 1];
    for (int i = 0; i < index; i++) {
      array[i] = aces.get(i);
    }
    array[index] = ace;
    for (int i = index; i < n; i++) {
      array[i + 1] = aces.get(i);
    }
    if (n + 1 > 0xFFFF) {
      throw new IllegalArgumentException("an ACL holds at most 65535 ACEs, got " + (n + 1));
    }
    long size = (long) binaryLength() - trailing.length + ace.size();
    if (size > 0xFFFF) {
      throw new IllegalArgumentException(
          "the ACEs need " + size + " bytes; AclSize is 16 bits (at most 65535)");
    }
    List<Ace> list = listOf(array, n + 1);
    Acl edited = new Acl(requiredRevision(list, revision), list, Bytes.EMPTY, sbz1, sbz2);
    int kept = Math.min(sourceAces, index);
    if (source == null || kept == 0) {
      return edited;
    }
    int len = sourceLen;
    if (kept < sourceAces) {
      len = 0;
      for (int i = 0; i < kept; i++) {
        len += aces.get(i).size();
      }
    }
    return new Acl(
        edited.revision, edited.aces, edited.trailing, sbz1, sbz2, source, sourceOff, len, kept);
  }

  /**
   * Returns an ACL with {@code ace} inserted where canonical order puts it: an explicit deny after
   * the last explicit deny, an explicit allow (or any other explicit ACE) after the last explicit
   * ACE, an inherited ACE at the end. The rest of the ACL keeps its order.
   *
   * @param ace the ACE
   * @return the new ACL
   */
  public Acl addCanonical(Ace ace) {
    int rank = canonicalRank(ace);
    int pos = 0;
    for (int i = 0; i < aces.size(); i++) {
      if (canonicalRank(aces.get(i)) <= rank) {
        pos = i + 1;
      }
    }
    return add(pos, ace);
  }

  /**
   * Returns an ACL without any ACE equal to {@code ace}.
   *
   * @param ace the ACE to remove (compared semantically)
   * @return the new ACL, or this one if nothing matched
   */
  public Acl remove(Ace ace) {
    return removeIf(ace::equals);
  }

  /**
   * Returns an ACL without the ACEs matching a predicate.
   *
   * @param filter selects the ACEs to remove
   * @return the new ACL, or this one if nothing matched
   */
  public Acl removeIf(Predicate<? super Ace> filter) {
    List<Ace> list = new ArrayList<>(aces.size());
    for (Ace a : aces) {
      if (!filter.test(a)) {
        list.add(a);
      }
    }
    return list.size() == aces.size() ? this : edited(list);
  }

  /**
   * Tells whether the ACL holds an ACE equal to {@code ace} (same type, flags, mask, SID, GUIDs and
   * data; padding ignored).
   *
   * @param ace the ACE
   * @return true if present
   */
  public boolean contains(Ace ace) {
    return aces.contains(ace);
  }

  /**
   * Returns the ACEs as SDDL ACE strings (MS-DTYP 2.5.1.1), e.g. {@code
   * (OA;CIIO;CR;…;…;S-1-5-…)(A;;RP;;;AU)}, without the ACL's own flags ({@code P}, {@code AI}),
   * which belong to the descriptor's control word.
   *
   * @param context domain and forest SIDs for aliases such as {@code DA}
   * @return the concatenated ACE strings, empty for an empty ACL
   * @throws IllegalStateException if an ACE has no SDDL form (see {@link
   *     SecurityDescriptor#toSddl()})
   */
  public String toSddl(SddlContext context) {
    StringBuilder sb = new StringBuilder(48 * aces.size());
    for (Ace a : aces) {
      Sddl.appendAce(sb, a, context);
    }
    return sb.toString();
  }

  /**
   * Returns the ACEs without the INHERITED flag.
   *
   * @return the explicit ACEs in order
   */
  public List<Ace> explicitAces() {
    return aces.stream().filter(a -> !a.isInherited()).toList();
  }

  /**
   * Returns the ACEs with the INHERITED flag.
   *
   * @return the inherited ACEs in order
   */
  public List<Ace> inheritedAces() {
    return aces.stream().filter(Ace::isInherited).toList();
  }

  /** 0 = explicit deny, 1 = other explicit, 2 = inherited. */
  private static int canonicalRank(Ace a) {
    if (a.isInherited()) {
      return 2;
    }
    KnownAce k = KnownAces.of(a);
    return k != null && k.isDeny() ? 0 : 1;
  }

  /**
   * Tells whether the ACL is in canonical order (MS-DTYP 2.4.5, "Order of ACEs in a DACL"): all
   * explicit ACEs before all inherited ACEs, and among the explicit ones every deny ACE (including
   * object and callback denies) before every allow ACE. Inherited ACEs keep the order inheritance
   * gave them and are not checked further.
   *
   * @return true if canonical
   */
  public boolean isCanonical() {
    int last = 0;
    for (Ace a : aces) {
      int r = canonicalRank(a);
      if (r < last) {
        return false;
      }
      last = r;
    }
    return true;
  }

  /**
   * Returns the ACL in canonical order by a stable partition: explicit denies, then the other
   * explicit ACEs, then the inherited ACEs, each group in its current order. Nothing is merged or
   * dropped. Returns this ACL if it is already canonical.
   *
   * @return the canonical ACL
   */
  public Acl canonicalize() {
    if (isCanonical()) {
      return this;
    }
    List<Ace> list = new ArrayList<>(aces);
    list.sort(Comparator.comparingInt(Acl::canonicalRank));
    return edited(list);
  }

  /**
   * Returns the ACL sorted the way an Active Directory DC sorts a canonical ACL on write (MS-ADTS
   * 3.1.1.5.2.1 ... "ACE ordering rules", forest level 2003 and later): explicit before inherited,
   * deny before allow, regular before object ACEs, and within each of those groups by the octet
   * string of the ACE's binary form. Nothing is merged or dropped.
   *
   * @return the sorted ACL
   */
  public Acl sortLikeDirectoryServer() {
    record Keyed(Ace ace, int group, byte[] bytes) {}
    List<Keyed> keyed = new ArrayList<>(aces.size());
    for (Ace a : aces) {
      KnownAce k = KnownAces.of(a);
      boolean deny = k != null && k.isDeny();
      boolean object = a instanceof ObjectAce || a instanceof CallbackObjectAce;
      int group = (a.isInherited() ? 4 : 0) + (deny ? 0 : 2) + (object ? 1 : 0);
      keyed.add(new Keyed(a, group, a.toBytes()));
    }
    keyed.sort(
        Comparator.comparingInt(Keyed::group).thenComparing(Keyed::bytes, Arrays::compareUnsigned));
    List<Ace> list = new ArrayList<>(aces.size());
    for (Keyed k : keyed) {
      list.add(k.ace());
    }
    return list.equals(aces) ? this : edited(list);
  }

  /**
   * Compares this ACL (before) with another (after) as multisets of ACEs.
   *
   * @param after the other ACL
   * @return what {@code after} lacks ({@code removed}), what it adds ({@code added}), and whether
   *     the common ACEs changed order
   */
  public AclDiff diff(Acl after) {
    List<Ace> remaining = new ArrayList<>(after.aces);
    List<Ace> removed = new ArrayList<>();
    List<Ace> commonBefore = new ArrayList<>();
    for (Ace a : aces) {
      if (remaining.remove(a)) {
        commonBefore.add(a);
      } else {
        removed.add(a);
      }
    }
    List<Ace> pool = new ArrayList<>(aces);
    List<Ace> added = new ArrayList<>();
    List<Ace> commonAfter = new ArrayList<>();
    for (Ace a : after.aces) {
      if (pool.remove(a)) {
        commonAfter.add(a);
      } else {
        added.add(a);
      }
    }
    return new AclDiff(removed, added, !commonBefore.equals(commonAfter));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Acl a && a.aces.equals(aces);
  }

  @Override
  public int hashCode() {
    return aces.hashCode();
  }

  @Override
  public String toString() {
    return "Acl[revision=" + revision + ", aces=" + aces + "]";
  }
}
