package org.adwriteback.security;

import java.util.List;
import java.util.UUID;

/**
 * What {@link DescriptorInheritance} derives from one ACL once and keeps on it ({@link
 * Acl#inheritance()}), so that creating or re-propagating many children of the same parent does not
 * redo the work: a classification of each ACE (inheritable, to rewrite, CREATOR OWNER / GROUP,
 * limited to a child class), the inherited forms of the parent's inheritable ACEs (MS-DTYP
 * 2.5.3.4.2 ComputeACL), each built the first time a child needs it and then shared, and the last
 * few inherited parts computed for a (child object types, container flag, owner, group)
 * combination.
 *
 * <p>The first child of a parent pays for the classification (one byte per ACE) and for the ACE
 * objects it needs; an inherited form equal to the parent's ACE (an inherited, propagating parent
 * ACE, the common case in a directory) is the parent's ACE itself.
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

  // Per-ACE classification bits.
  /** OI or CI set. */
  private static final byte INHERITABLE = 1;

  /** An allow/deny/audit/alarm ACE naming a CREATOR SID or holding generic rights. */
  private static final byte REWRITE = 2;

  /** An allow/deny/audit/alarm ACE naming CREATOR OWNER. */
  private static final byte CREATOR_OWNER = 4;

  /** An allow/deny/audit/alarm ACE naming CREATOR GROUP. */
  private static final byte CREATOR_GROUP = 8;

  /** An object ACE with an InheritedObjectType. */
  private static final byte TYPED = 16;

  private static final int MEMO_SLOTS = 4;

  /** The forms cached per ACE in {@link #forms}. */
  private static final int WHOLE = 0;

  private static final int INHERIT_ONLY = 1;
  private static final int EFFECTIVE = 2;
  private static final int FORMS = 3;

  /** The ACL's ACEs. */
  private final List<Ace> aces;

  /** The classification, made by the first inherited part computed or {@link #explicitAsIs}. */
  private Classes classes;

  /**
   * The inherited forms, {@link #FORMS} slots per ACE, created for the second inherited part
   * computed (the first keeps its ACEs in its memo only): the effective and propagating form, the
   * inherit-only copy, and the effective form (for a CREATOR ACE, resolved for the last owner /
   * group asked).
   */
  private Ace[] forms;

  private final Memo[] memos = new Memo[MEMO_SLOTS];
  private int nextMemo;

  private InheritableAces(List<Ace> aces) {
    this.aces = aces;
  }

  static InheritableAces of(Acl acl) {
    return new InheritableAces(acl.aces());
  }

  /** What the classification says about the whole ACL; immutable, published in one field. */
  private static final class Classes {
    /** The classification bits of each ACE. */
    final byte[] info;

    /** True when an inheritable ACE names CREATOR OWNER / CREATOR GROUP. */
    final boolean usesCreatorSids;

    /**
     * True when, as the explicit part of a container's descriptor, every ACE of the ACL is kept as
     * it is (none inherited, none inherit-only without inheritance flags, none to rewrite).
     */
    final boolean explicitAsIs;

    Classes(byte[] info, boolean usesCreatorSids, boolean explicitAsIs) {
      this.info = info;
      this.usesCreatorSids = usesCreatorSids;
      this.explicitAsIs = explicitAsIs;
    }
  }

  /** Accumulates the classification while the ACEs are walked. */
  private static final class Classifier {
    final byte[] info;
    boolean creator;
    boolean asIs = true;

    Classifier(int size) {
      info = new byte[size];
    }

    /** Classifies ACE {@code i} with flags {@code f}; returns its bits. */
    int add(int i, Ace a, int f) {
      int bits = classify(a);
      boolean rewrite = (bits & REWRITE) != 0;
      if ((f & (OI | CI)) != 0) {
        bits |= INHERITABLE;
        creator |= (bits & (CREATOR_OWNER | CREATOR_GROUP)) != 0;
      }
      if ((f & ID) != 0 || ((f & IO) != 0 ? (f & (OI | CI)) == 0 : rewrite)) {
        asIs = false;
      }
      info[i] = (byte) bits;
      return bits;
    }

    Classes done() {
      return new Classes(info, creator, asIs);
    }
  }

  private Classes classes() {
    Classes c = classes;
    if (c == null) {
      List<Ace> list = aces;
      Classifier k = new Classifier(list.size());
      for (int i = 0; i < list.size(); i++) {
        Ace a = list.get(i);
        k.add(i, a, a.flags().value());
      }
      c = k.done();
      classes = c;
    }
    return c;
  }

  /** The REWRITE, CREATOR_OWNER, CREATOR_GROUP and TYPED bits of an ACE. */
  private static int classify(Ace a) {
    KnownAce k = KnownAces.of(a);
    if (k == null) {
      return 0;
    }
    int bits = 0;
    if (k instanceof ObjectAce o) {
      bits = o.inheritedObjectType().isPresent() ? TYPED : 0;
    } else if (k instanceof CallbackObjectAce c) {
      bits = c.inheritedObjectType().isPresent() ? TYPED : 0;
    }
    if (!DescriptorInheritance.mappable(k)) {
      return bits;
    }
    Sid sid = k.sid();
    if (sid.equals(Sid.CREATOR_OWNER)) {
      bits |= CREATOR_OWNER | REWRITE;
    } else if (sid.equals(Sid.CREATOR_GROUP)) {
      bits |= CREATOR_GROUP | REWRITE;
    } else if (k.mask().hasGenericBits()) {
      bits |= REWRITE;
    }
    return bits;
  }

  boolean explicitAsIs() {
    return classes().explicitAsIs;
  }

  /**
   * The ACEs a child inherits from this ACL, in order (MS-DTYP 2.5.3.4.2 with AD's object-type
   * rules; see {@link DescriptorInheritance}).
   *
   * @return a shared result; do not modify its array
   */
  Memo inheritedPart(List<UUID> objectTypes, boolean isContainer, Sid owner, Sid group) {
    Classes c = classes;
    if (c == null) {
      // the first part: classify the ACEs on the same walk
      Memo m = compute(List.copyOf(objectTypes), isContainer, owner, group, null);
      remember(m);
      return m;
    }
    Sid o = c.usesCreatorSids ? owner : null;
    Sid g = c.usesCreatorSids ? group : null;
    for (Memo m : memos) {
      if (m != null && m.matches(objectTypes, isContainer, o, g)) {
        return m;
      }
    }
    Memo m = compute(List.copyOf(objectTypes), isContainer, o, g, c);
    remember(m);
    return m;
  }

  private void remember(Memo m) {
    int slot = nextMemo;
    memos[slot] = m;
    nextMemo = (slot + 1) % MEMO_SLOTS;
  }

  /**
   * Computes an inherited part. With {@code known} null (the first part) the ACEs are classified on
   * the way, no form is cached, and the memo's owner and group are dropped afterwards when no ACE
   * names a CREATOR SID; otherwise the forms are cached so that the parts share their ACE objects.
   */
  private Memo compute(
      List<UUID> objectTypes, boolean isContainer, Sid owner, Sid group, Classes known) {
    List<Ace> list = aces;
    int size = list.size();
    Classifier classifier = known == null ? new Classifier(size) : null;
    byte[] bits = known == null ? null : known.info;
    Ace[] cache = null;
    if (known != null) {
      cache = forms;
      if (cache == null) {
        cache = new Ace[FORMS * size];
        forms = cache;
      }
    }
    Ace[] out = new Ace[isContainer ? 2 * size : size];
    int n = 0;
    long bytes = 0;
    boolean objectAces = false;
    int applies = isContainer ? CI : OI;
    for (int i = 0; i < size; i++) {
      Ace ace;
      int f;
      int b;
      if (classifier != null) {
        ace = list.get(i);
        f = ace.flags().value();
        b = classifier.add(i, ace, f);
        if ((b & INHERITABLE) == 0) {
          continue;
        }
      } else {
        b = bits[i];
        if ((b & INHERITABLE) == 0) {
          continue;
        }
        ace = list.get(i);
        f = ace.flags().value();
      }
      boolean effective = (f & applies) != 0 && ((b & TYPED) == 0 || matches(ace, objectTypes));
      boolean propagates = isContainer && (f & NP) == 0;
      if (effective && propagates && (b & REWRITE) == 0) {
        Ace a = form(cache, i, WHOLE, ace, (f & ~IO) | ID);
        out[n++] = a;
        bytes += a.size();
        objectAces |= isObjectAce(a);
      } else {
        if (effective) {
          Ace a = effective(cache, i, b, ace, f, owner, group);
          out[n++] = a;
          bytes += a.size();
          objectAces |= isObjectAce(a);
        }
        if (propagates) {
          Ace a = form(cache, i, INHERIT_ONLY, ace, f | IO | ID);
          out[n++] = a;
          bytes += a.size();
          objectAces |= isObjectAce(a);
        }
      }
    }
    if (classifier != null) {
      Classes c = classifier.done();
      classes = c;
      if (!c.usesCreatorSids) {
        owner = null;
        group = null;
      }
    }
    return new Memo(objectTypes, isContainer, owner, group, out, n, bytes, objectAces);
  }

  /** Whether an ACE with an InheritedObjectType reaches a child of these object types. */
  private static boolean matches(Ace ace, List<UUID> objectTypes) {
    UUID t =
        ace instanceof ObjectAce o
            ? o.inheritedObjectType().get()
            : ((CallbackObjectAce) ace).inheritedObjectType().get();
    return objectTypes.contains(t);
  }

  private static boolean isObjectAce(Ace a) {
    return a instanceof ObjectAce || a instanceof CallbackObjectAce;
  }

  /** The ACE with other flags, cached; the ACE itself when the flags do not change. */
  private static Ace form(Ace[] cache, int i, int slot, Ace ace, int flags) {
    if (flags == ace.flags().value()) {
      return ace;
    }
    if (cache == null) {
      return ace.withFlags(DescriptorInheritance.flags(flags));
    }
    int at = FORMS * i + slot;
    Ace w = cache[at];
    if (w == null) {
      w = ace.withFlags(DescriptorInheritance.flags(flags));
      cache[at] = w;
    }
    return w;
  }

  /** The effective form on the child; CREATOR SIDs replaced by {@code owner} / {@code group}. */
  private static Ace effective(Ace[] cache, int i, int b, Ace ace, int f, Sid owner, Sid group) {
    Sid sid = null;
    if ((b & CREATOR_OWNER) != 0) {
      sid = DescriptorInheritance.require(owner, "CREATOR OWNER", "owner");
    } else if ((b & CREATOR_GROUP) != 0) {
      sid = DescriptorInheritance.require(group, "CREATOR GROUP", "group");
    }
    int flags = (f & ~INHERITANCE) | ID;
    if (cache == null) {
      return DescriptorInheritance.effectiveInherited(ace, flags, sid);
    }
    int at = FORMS * i + EFFECTIVE;
    Ace e = cache[at];
    if (e == null || (sid != null && !KnownAces.of(e).sid().equals(sid))) {
      e = DescriptorInheritance.effectiveInherited(ace, flags, sid);
      cache[at] = e;
    }
    return e;
  }

  /** One computed inherited part and the inputs it was computed for. */
  static final class Memo {
    private final List<UUID> objectTypes;
    private final boolean isContainer;
    private final Sid owner;
    private final Sid group;

    /** The inherited ACEs are the first {@link #count} elements. */
    final Ace[] aces;

    final int count;
    final long bytes;
    final boolean objectAces;

    Memo(
        List<UUID> objectTypes,
        boolean isContainer,
        Sid owner,
        Sid group,
        Ace[] aces,
        int count,
        long bytes,
        boolean objectAces) {
      this.objectTypes = objectTypes;
      this.isContainer = isContainer;
      this.owner = owner;
      this.group = group;
      this.aces = aces;
      this.count = count;
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
}
