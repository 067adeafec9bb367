package org.adwriteback.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link DescriptorInheritance} derives from one ACL once and keeps on it ({@link
 * Acl#inheritance()}), so that creating or re-propagating many children of the same parent does not
 * redo the work: the parent's inheritable ACEs with their inherited forms (MS-DTYP 2.5.3.4.2
 * ComputeACL), built on first use and shared, and the last few inherited parts computed for a
 * (child object types, container flag, owner, group) combination.
 *
 * <p>Immutable from the outside; the lazily filled slots are written without locks. Every value
 * stored is immutable and safely published through final fields, so a race only computes a value
 * twice.
 */
final class InheritableAces {

  private static final int OI = AceFlags.OBJECT_INHERIT.value();
  private static final int CI = AceFlags.CONTAINER_INHERIT.value();
  private static final int NP = AceFlags.NO_PROPAGATE_INHERIT.value();
  private static final int IO = AceFlags.INHERIT_ONLY.value();
  private static final int ID = AceFlags.INHERITED.value();
  private static final int INHERITANCE = OI | CI | NP | IO;

  private static final int MEMO_SLOTS = 4;

  /** The inheritable ACEs (OI or CI set), in ACL order. */
  private final Entry[] entries;

  /** True when an inheritable ACE names CREATOR OWNER / CREATOR GROUP. */
  private final boolean usesCreatorSids;

  /**
   * True when, as the explicit part of a container's descriptor, every ACE of the ACL is kept as it
   * is (none inherited, none inherit-only without inheritance flags, none to rewrite).
   */
  private final boolean explicitAsIs;

  private final Memo[] memos = new Memo[MEMO_SLOTS];
  private int nextMemo;

  private InheritableAces(Entry[] entries, boolean usesCreatorSids, boolean explicitAsIs) {
    this.entries = entries;
    this.usesCreatorSids = usesCreatorSids;
    this.explicitAsIs = explicitAsIs;
  }

  static InheritableAces of(Acl acl) {
    List<Ace> aces = acl.aces();
    int n = 0;
    boolean creator = false;
    boolean asIs = true;
    for (int i = 0; i < aces.size(); i++) {
      Ace a = aces.get(i);
      int f = a.flags().value();
      if ((f & (OI | CI)) != 0) {
        n++;
        creator |= creatorKind(a) != 0;
      }
      if ((f & ID) != 0
          || ((f & IO) != 0 && (f & (OI | CI)) == 0)
          || ((f & IO) == 0 && DescriptorInheritance.needsRewrite(a))) {
        asIs = false;
      }
    }
    Entry[] entries = new Entry[n];
    int j = 0;
    for (int i = 0; i < aces.size(); i++) {
      Ace a = aces.get(i);
      if ((a.flags().value() & (OI | CI)) != 0) {
        entries[j++] = new Entry(a);
      }
    }
    return new InheritableAces(entries, creator, asIs);
  }

  boolean explicitAsIs() {
    return explicitAsIs;
  }

  /**
   * The ACEs a child inherits from this ACL, in order (MS-DTYP 2.5.3.4.2 with AD's object-type
   * rules; see {@link DescriptorInheritance}).
   *
   * @return a shared result; do not modify its array
   */
  Memo inheritedPart(List<UUID> objectTypes, boolean isContainer, Sid owner, Sid group) {
    Sid o = usesCreatorSids ? owner : null;
    Sid g = usesCreatorSids ? group : null;
    Memo[] slots = memos;
    for (Memo m : slots) {
      if (m != null && m.matches(objectTypes, isContainer, o, g)) {
        return m;
      }
    }
    Memo m = compute(List.copyOf(objectTypes), isContainer, o, g);
    int slot = nextMemo;
    slots[slot] = m;
    nextMemo = (slot + 1) % MEMO_SLOTS;
    return m;
  }

  private Memo compute(List<UUID> objectTypes, boolean isContainer, Sid owner, Sid group) {
    Ace[] out = new Ace[entries.length * 2];
    int n = 0;
    long bytes = 0;
    boolean objectAces = false;
    for (Entry e : entries) {
      int f = e.flags;
      boolean typeMatches =
          e.inheritedObjectType == null || objectTypes.contains(e.inheritedObjectType);
      boolean effective = (f & (isContainer ? CI : OI)) != 0 && typeMatches;
      boolean propagates = isContainer && (f & NP) == 0;
      if (effective && propagates && !e.rewrite) {
        out[n++] = e.whole();
      } else {
        if (effective) {
          out[n++] = e.effective(owner, group);
        }
        if (propagates) {
          out[n++] = e.inheritOnly();
        }
      }
    }
    for (int i = 0; i < n; i++) {
      bytes += out[i].size();
      objectAces |= out[i] instanceof ObjectAce || out[i] instanceof CallbackObjectAce;
    }
    Ace[] exact = n == out.length ? out : java.util.Arrays.copyOf(out, n);
    return new Memo(objectTypes, isContainer, owner, group, exact, bytes, objectAces);
  }

  private static int creatorKind(Ace a) {
    KnownAce k = KnownAces.of(a);
    if (k == null || !DescriptorInheritance.mappable(k)) {
      return 0;
    }
    if (k.sid().equals(Sid.CREATOR_OWNER)) {
      return 1;
    }
    return k.sid().equals(Sid.CREATOR_GROUP) ? 2 : 0;
  }

  /** One computed inherited part and the inputs it was computed for. */
  static final class Memo {
    private final List<UUID> objectTypes;
    private final boolean isContainer;
    private final Sid owner;
    private final Sid group;
    final Ace[] aces;
    final long bytes;
    final boolean objectAces;

    Memo(
        List<UUID> objectTypes,
        boolean isContainer,
        Sid owner,
        Sid group,
        Ace[] aces,
        long bytes,
        boolean objectAces) {
      this.objectTypes = objectTypes;
      this.isContainer = isContainer;
      this.owner = owner;
      this.group = group;
      this.aces = aces;
      this.bytes = bytes;
      this.objectAces = objectAces;
    }

    boolean matches(List<UUID> types, boolean container, Sid o, Sid g) {
      return container == isContainer
          && same(o, owner)
          && same(g, group)
          && (types == objectTypes || types.equals(objectTypes));
    }

    private static boolean same(Sid a, Sid b) {
      return a == b || (a != null && a.equals(b));
    }
  }

  /** The effective form of a CREATOR OWNER / GROUP ACE for one owner / group. */
  private record Resolved(Sid sid, Ace ace) {}

  /** One inheritable ACE and its inherited forms, each built on first use. */
  private static final class Entry {
    final Ace ace;
    final int flags;
    final UUID inheritedObjectType;
    final boolean rewrite;
    final int creatorKind;
    private Ace whole;
    private Ace inheritOnly;
    private Ace effective;
    private Resolved resolved;

    Entry(Ace ace) {
      this.ace = ace;
      this.flags = ace.flags().value();
      UUID iot = null;
      KnownAce k = KnownAces.of(ace);
      if (k != null) {
        Optional<UUID> t = k.inheritedObjectType();
        iot = t.isPresent() ? t.get() : null;
      }
      this.inheritedObjectType = iot;
      this.rewrite = DescriptorInheritance.needsRewrite(ace);
      this.creatorKind = creatorKind(ace);
    }

    /** Effective and propagating, nothing to rewrite: one ACE, INHERIT_ONLY cleared. */
    Ace whole() {
      Ace w = whole;
      if (w == null) {
        w = ace.withFlags(DescriptorInheritance.flags((flags & ~IO) | ID));
        whole = w;
      }
      return w;
    }

    /** The inherit-only copy that propagates further. */
    Ace inheritOnly() {
      Ace w = inheritOnly;
      if (w == null) {
        w = ace.withFlags(DescriptorInheritance.flags(flags | IO | ID));
        inheritOnly = w;
      }
      return w;
    }

    /** The effective form on the child; CREATOR SIDs replaced by {@code owner} / {@code group}. */
    Ace effective(Sid owner, Sid group) {
      Ace e = effective;
      if (e == null) {
        e = DescriptorInheritance.effectiveInherited(ace, (flags & ~INHERITANCE) | ID);
        effective = e;
      }
      if (creatorKind == 0) {
        return e;
      }
      Sid sid =
          creatorKind == 1
              ? DescriptorInheritance.require(owner, "CREATOR OWNER", "owner")
              : DescriptorInheritance.require(group, "CREATOR GROUP", "group");
      Resolved r = resolved;
      if (r == null || !r.sid.equals(sid)) {
        r = new Resolved(sid, KnownAces.of(e).withSid(sid));
        resolved = r;
      }
      return r.ace;
    }
  }
}
