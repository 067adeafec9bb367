package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * Lets UnboundID's request handler walk only the part of the directory an operation concerns.
 *
 * <p>Why: the in-memory server answers a one-level or subtree search that no index serves by
 * testing every entry of the directory against the base and scope, checks a delete for subordinates
 * by testing every DN, copies every DN into a new set for each rename, and sizes three lists per
 * search and one per delete to the whole directory. Next to 20,000 users a one-level search of a
 * small OU took about 30 ms and a rename of it about 20 ms ({@code TestkitSubtreeBenchmark}). The
 * entry map keeps DNs in {@link DN#compareTo}'s order, in which an entry's subtree is one
 * contiguous run starting at the entry itself, so those walks can start at the base and stop at the
 * first DN outside it.
 *
 * <p>How: right before the testkit hands a search, delete or rename to the server, it says on that
 * thread which subtree the operation concerns ({@link #expect}); its own in-process searches below
 * an object do the same around the call ({@link #search}). The entry map ({@link
 * EntryMapOrder.EntryMap}) asks {@link #take} when its keys or entries are iterated, which answers
 * only when the caller is the announced method of {@link InMemoryRequestHandler} (checked on the
 * stack), and uses the announcement up. The testkit announces as the last step before the server
 * runs and forgets at the first step after it ({@link #forget}), and the server's in-process search
 * runs the same handler method, so no read of the testkit's own between those steps, and no other
 * reader of the map, sees a partial view. The views hold a superset of what the server keeps (it
 * still tests base and scope on each entry), in the map's order, so results and their order are
 * those of the full walk, minus the subtrees of other naming contexts below a search's base, which
 * the testkit drops from the results anyway ({@link AdFeature#NAMING_CONTEXT_SCOPED_SEARCH}). While
 * a search or delete is announced, {@link #capacityHint} reports a small size: only the handler
 * runs then, and it uses the size only as the capacity of a list.
 */
final class ScopedScans {

  /** The handler methods that walk the entry map for one operation. */
  enum Walker {
    /** A search: the walk of a one-level or subtree search no index serves. */
    SEARCH("processSearchRequest"),
    /** A delete: the check for subordinates. */
    DELETE("processDeleteRequest"),
    /** A rename: the copy of the DNs to move with the renamed entry. */
    RENAME("processModifyDNRequest");

    private final String method;

    Walker(String method) {
      this.method = method;
    }
  }

  /**
   * The part of the directory an operation concerns: the subtree at {@code base} (only its direct
   * children for {@link SearchScope#ONE}), without the subtrees at {@code excluded} (roots of other
   * naming contexts). A null base announces an operation that walks nothing (a base search).
   */
  record Scan(Walker walker, DN base, SearchScope scope, List<DN> excluded) {
    Scan {
      excluded = List.copyOf(excluded);
    }
  }

  /** A list to be sized to the whole directory is given this capacity instead; it grows. */
  static final int SMALL_CAPACITY = 16;

  private static final ThreadLocal<Scan> NEXT = new ThreadLocal<>();

  private static final StackWalker STACK =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private ScopedScans() {}

  /**
   * Announces the walk the operation this thread is about to hand to the server will make.
   *
   * @param scan the part of the directory it concerns
   */
  static void expect(Scan scan) {
    NEXT.set(scan);
  }

  /** Forgets the announcement of this thread, used or not. */
  static void forget() {
    NEXT.remove();
  }

  /**
   * The announced scan, if the map's caller is the handler method it was announced for; the
   * announcement is used up.
   */
  static Scan take() {
    Scan s = NEXT.get();
    if (s == null || s.base() == null || !s.walker().method.equals(handlerMethod())) {
      return null;
    }
    NEXT.remove();
    return s;
  }

  /**
   * The size the map reports: its real size, except while a search or delete is announced on this
   * thread, when only the request handler runs until the testkit's next step: it uses the size only
   * as the capacity of the lists that will hold what the operation finds (three per search, one per
   * delete), and gets a small one instead of the whole directory's; the lists grow. (A rename's
   * handler copies the map's keys into a set, which asks the size of what it copies: it gets the
   * real one.)
   *
   * @param size the map's real size
   * @return the size to report
   */
  static int capacityHint(int size) {
    if (size <= SMALL_CAPACITY) {
      return size;
    }
    Scan s = NEXT.get();
    return s != null && s.walker() != Walker.RENAME ? SMALL_CAPACITY : size;
  }

  /**
   * The method of UnboundID's request handler that called the entry map (the first caller outside
   * the map and this class), or null when the caller is anything else.
   */
  private static String handlerMethod() {
    return STACK.walk(
        frames ->
            frames
                .filter(
                    f ->
                        f.getDeclaringClass() != ScopedScans.class
                            && f.getDeclaringClass() != EntryMapOrder.EntryMap.class)
                .findFirst()
                .filter(f -> f.getDeclaringClass() == InMemoryRequestHandler.class)
                .map(StackWalker.StackFrame::getMethodName)
                .orElse(null));
  }

  /**
   * Runs one of the testkit's own searches below an object (its subtree, its children) and lets the
   * server walk only that part of the directory. The testkit runs these between the steps of an
   * operation, where nothing is announced, and nothing is announced after it. A base search is run
   * as it is.
   *
   * @param server the server
   * @param request a one-level or subtree search
   * @return the result
   * @throws LDAPSearchException as {@link InMemoryDirectoryServer#search(SearchRequest)}
   */
  static SearchResult search(InMemoryDirectoryServer server, SearchRequest request)
      throws LDAPSearchException {
    if (request.getScope() == SearchScope.BASE) {
      return server.search(request); // one entry read, nothing walked
    }
    try {
      NEXT.set(
          new Scan(
              Walker.SEARCH,
              new DN(request.getBaseDN(), server.getSchema()),
              request.getScope(),
              List.of()));
    } catch (LDAPException e) {
      NEXT.remove(); // the server refuses the base itself
    }
    try {
      return server.search(request);
    } finally {
      NEXT.remove();
    }
  }

  /**
   * {@link #search(InMemoryDirectoryServer, SearchRequest)} for a base, scope, filter and
   * attributes.
   *
   * @param server the server
   * @param base the base DN
   * @param scope one-level or subtree
   * @param filter the filter
   * @param attributes the attributes to return
   * @return the result
   * @throws LDAPSearchException as the server's search
   */
  static SearchResult search(
      InMemoryDirectoryServer server,
      String base,
      SearchScope scope,
      Filter filter,
      String... attributes)
      throws LDAPSearchException {
    return search(server, new SearchRequest(base, scope, filter, attributes));
  }

  /**
   * The keys of {@code map} that {@code scan} concerns, in the map's order.
   *
   * @param map the entry map
   * @param scan the scan
   * @return a read-only view, valid while the map is not changed
   */
  static <V> Set<DN> keys(NavigableMap<DN, V> map, Scan scan) {
    return new Scoped<>(map, scan, Map.Entry::getKey);
  }

  /**
   * The entries of {@code map} that {@code scan} concerns, in the map's order.
   *
   * @param map the entry map
   * @param scan the scan
   * @return a read-only view, valid while the map is not changed
   */
  static <V> Set<Map.Entry<DN, V>> entries(NavigableMap<DN, V> map, Scan scan) {
    return new Scoped<>(map, scan, Function.identity());
  }

  /** A read-only view of the entries a scan concerns, mapped to keys or kept as entries. */
  private static final class Scoped<V, T> extends AbstractSet<T> {
    private final NavigableMap<DN, V> map;
    private final Scan scan;
    private final Function<Map.Entry<DN, V>, T> as;

    Scoped(NavigableMap<DN, V> map, Scan scan, Function<Map.Entry<DN, V>, T> as) {
      this.map = map;
      this.scan = scan;
      this.as = as;
    }

    @Override
    public Iterator<T> iterator() {
      return new Walk<>(map.tailMap(scan.base(), true).entrySet().iterator(), scan, as);
    }

    @Override
    public int size() {
      int n = 0;
      for (Iterator<T> i = iterator(); i.hasNext(); i.next()) {
        n++;
      }
      return n;
    }
  }

  /**
   * Walks the map from the base: stops at the first DN outside the base's subtree, skips the
   * subtree of an excluded root (contiguous, right after the root), and for a one-level scan passes
   * over every DN more than one level below the base.
   */
  private static final class Walk<V, T> implements Iterator<T> {
    private final Iterator<Map.Entry<DN, V>> from;
    private final Scan scan;
    private final Function<Map.Entry<DN, V>, T> as;
    private final int childDepth;
    private DN skipping;
    private Map.Entry<DN, V> next;
    private boolean done;

    Walk(Iterator<Map.Entry<DN, V>> from, Scan scan, Function<Map.Entry<DN, V>, T> as) {
      this.from = from;
      this.scan = scan;
      this.as = as;
      this.childDepth = scan.base().getRDNs().length + 1;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        if (!from.hasNext()) {
          done = true;
          break;
        }
        Map.Entry<DN, V> e = from.next();
        DN dn = e.getKey();
        if (!dn.isDescendantOf(scan.base(), true)) {
          done = true;
          break;
        }
        if (skipping != null && dn.isDescendantOf(skipping, true)) {
          continue;
        }
        skipping = null;
        int depth = dn.getRDNs().length;
        if (depth > childDepth && scan.scope() == SearchScope.ONE) {
          continue;
        }
        if (isExcluded(dn, depth)) {
          skipping = dn;
          continue;
        }
        next = e;
      }
      return next != null;
    }

    private boolean isExcluded(DN dn, int depth) {
      for (DN x : scan.excluded()) {
        if (x.getRDNs().length == depth && dn.isDescendantOf(x, true)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<DN, V> e = next;
      next = null;
      return as.apply(e);
    }
  }
}
