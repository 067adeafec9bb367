package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.CompareRequest;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.controls.ManageDsaITRequestControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.adwriteback.security.AccessCheck;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityToken;

/**
 * Puts {@link AdEngine}'s behaviour on UnboundID's in-memory server: every add, modify, simple bind
 * and search from an LDAP client passes through here. It also tracks, per connection, whether the
 * transport is encrypted (LDAPS listener or a successful StartTLS) and who is bound, which is where
 * per-account access checks will hook in.
 */
final class AdInterceptor extends InMemoryOperationInterceptor {

  /** LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11). */
  static final String SD_FLAGS_OID = "1.2.840.113556.1.4.801";

  /** Request controls AD accepts that need no work from the testkit, or are handled here. */
  private static final Set<String> ACCEPTED_AD_CONTROLS =
      Set.of(
          SD_FLAGS_OID,
          "1.2.840.113556.1.4.417", // show deleted: there are no tombstones to show
          "1.2.840.113556.1.4.2239", // policy hints: password history is not enforced
          ExtendedDn.OID, // done by the interceptor (ExtendedDn)
          "1.2.840.113556.1.4.2066"); // policy hints (deprecated OID)

  /** Attributes of a parent that a new child depends on (see AdEngine.parentFacts). */
  private static final Set<String> PARENT_INPUTS =
      Set.of("ntsecuritydescriptor", "objectclass", "objectsid");

  /**
   * Attributes a token is built from (see {@link TokenCache}); a modify of one starts a new one. A
   * change of member drops only the tokens built through the members added or removed ({@link
   * AdEngine#linkMembers}).
   */
  private static final Set<String> TOKEN_INPUTS =
      Set.of("memberof", "primarygroupid", "objectsid", "sidhistory", "grouptype");

  private static final String PROP_NAMING_CONTEXT = "adwriteback.namingContext";
  private static final String PROP_SD_FLAGS = "adwriteback.sdFlags";

  /**
   * Set when a search names nTSecurityDescriptor. It is an operational attribute in AD
   * (FLAG_ATTR_IS_OPERATIONAL in its systemFlags, MS-ADA3 2.37; RFC 4511 4.5.1.8): a search for all
   * user attributes ({@code *} or no list) does not return it, only one that names it (Samba 4.17
   * the same, measured).
   */
  private static final String PROP_SD_NAMED = "adwriteback.sdNamed";

  private static final String PROP_TOKEN = "adwriteback.token";
  private static final String PROP_MEMBERS_BEFORE = "adwriteback.membersBefore";

  /** A client's modify of primaryGroupID: the account's primaryGroupID before it. */
  private static final String PROP_PRIMARY_GROUP_BEFORE = "adwriteback.primaryGroupBefore";

  private static final String PROP_REFERRERS = "adwriteback.referrers";
  private static final String PROP_KNOWN_GENERATION = "adwriteback.knownGeneration";
  private static final String PROP_TOKEN_GROUPS = "adwriteback.tokenGroups";

  /** A search of another scope that names one of them: set once an entry would be returned. */
  private static final String PROP_TOKEN_GROUPS_REFUSED = "adwriteback.tokenGroupsRefused";

  /** tokenGroups and its two siblings, lower-cased (MS-ADTS 3.1.1.4.5.19). */
  private static final Set<String> TOKEN_GROUPS =
      Set.of("tokengroups", "tokengroupsnogcacceptable", "tokengroupsglobalanduniversal");

  /** The constructed attributes a search names ({@link ConstructedAttributes}). */
  private static final String PROP_CONSTRUCTED = "adwriteback.constructed";

  /** Set when a search names sDRightsEffective. */
  private static final String PROP_SD_RIGHTS = "adwriteback.sdRightsEffective";

  private static final String PROP_RANGES = "adwriteback.ranges";
  private static final String PROP_EXTENDED_DN = "adwriteback.extendedDn";
  private static final String PROP_MEMBER_OF = "adwriteback.memberOf";

  /**
   * The continuation references a search gets after its entries ({@link ContinuationReferences}).
   */
  private static final String PROP_REFERENCES = "adwriteback.references";

  private final AdEngine engine;
  private volatile InMemoryDirectoryServer server;
  private volatile LinkIntegrity links;
  private volatile FilterRewriter rewriter;
  private volatile DnForms dnForms;

  AdInterceptor(AdEngine engine) {
    this.engine = engine;
  }

  void attach(InMemoryDirectoryServer server, int actualLdapsPort) {
    this.server = server;
    this.rewriter = new FilterRewriter(server, engine);
    this.dnForms = new DnForms(server, engine);
    this.links = new LinkIntegrity(server, engine.memberOf());
    this.actualLdapsPort = actualLdapsPort;
  }

  private volatile int actualLdapsPort = -1;

  /**
   * Identifies a client connection across the server's listeners: each listener (LDAP, LDAPS)
   * numbers its connections from 0, so the connection ID alone would give a plain LDAP connection
   * the identity bound on the LDAPS connection with the same number.
   */
  static long connectionKey(InMemoryInterceptedRequest request) {
    return connectionKey(request.getConnectedPort(), request.getConnectionID());
  }

  static long connectionKey(
      com.unboundid.ldap.listener.interceptor.InMemoryInterceptedResult result) {
    return connectionKey(result.getConnectedPort(), result.getConnectionID());
  }

  private static long connectionKey(int port, long connectionId) {
    return ((long) port << 40) ^ connectionId;
  }

  private AdEngine.Session session(InMemoryInterceptedRequest request, Control[] controls)
      throws LDAPException {
    long id = connectionKey(request);
    boolean encrypted =
        StartTlsSocketFactory.upgradedOnThisThread()
            || (request.getConnectedPort() == actualLdapsPort && actualLdapsPort > 0);
    Optional<Control> sdFlags =
        Arrays.stream(controls).filter(c -> c.getOID().equals(SD_FLAGS_OID)).findFirst();
    return new AdEngine.Session(id, encrypted, engine.boundDn(id), AdSecurity.sdFlags(sdFlags));
  }

  @Override
  public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    AdEngine.Session session = session(request, request.getRequest().getControls());
    Entry prepared = engine.prepareAdd(request.getRequest().duplicate().toEntry(), session);
    AddRequest add = new AddRequest(prepared);
    add.setControls(forServer(request.getRequest().getControls()));
    request.setRequest(add);
    request.setProperty(PROP_KNOWN_GENERATION, engine.knownEntriesGeneration());
  }

  @Override
  public void processAddResult(InMemoryInterceptedAddResult result) {
    AdDiagnostics.asDirectoryError(result.getResult()).ifPresent(result::setResult);
    if (result.getResult().getResultCode() == ResultCode.SUCCESS
        && result.getProperty(PROP_KNOWN_GENERATION) instanceof Long generation) {
      try {
        engine.entryAdded(ParsedDns.parse(result.getRequest().getDN()), generation);
      } catch (LDAPException e) {
        // not learned: a member check reads the server
      }
    }
    try {
      engine.addFinished(
          result.getRequest().toEntry(), result.getResult().getResultCode() == ResultCode.SUCCESS);
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot maintain memberOf after an add", e);
    }
  }

  @Override
  public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    AdEngine.Session session = session(request, request.getRequest().getControls());
    DN dn = new DN(dnForms.resolve(request.getRequest().getDN()));
    List<Modification> requested = request.getRequest().getModifications();
    // a change of member needs the members before it (for memberOf and the tokens); the same read
    // serves the engine's checks of the member values
    Entry before =
        requested.stream().anyMatch(m -> m.getAttributeName().equalsIgnoreCase("member"))
            ? engine.read(dn.toString())
            : null;
    List<Modification> mods = engine.prepareModify(dn, requested, session, before);
    if (!session.isSystem()
        && requested.stream()
            .anyMatch(m -> m.getAttributeName().equalsIgnoreCase("primaryGroupID"))) {
      Entry account = engine.read(dn.toString(), "primaryGroupID");
      if (account != null && account.hasAttribute("primaryGroupID")) {
        request.setProperty(PROP_PRIMARY_GROUP_BEFORE, account.getAttributeValue("primaryGroupID"));
      }
    }
    if (before != null) {
      request.setProperty(PROP_MEMBERS_BEFORE, AdEngine.members(before));
    }
    ModifyRequest modify = new ModifyRequest(dn, mods);
    modify.setControls(forServer(request.getRequest().getControls()));
    request.setRequest(modify);
  }

  @Override
  public void processModifyResult(InMemoryInterceptedModifyResult result) {
    AdDiagnostics.asDirectoryError(result.getResult()).ifPresent(result::setResult);
    boolean succeeded = result.getResult().getResultCode() == ResultCode.SUCCESS;
    try {
      engine.modifyFinished(
          new DN(result.getRequest().getDN()), result.getRequest().getModifications(), succeeded);
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot settle the account names of a modify", e);
    }
    if (!succeeded) {
      return;
    }
    try {
      DN dn = new DN(result.getRequest().getDN());
      engine.journal().written(dn);
      Object before = result.getProperty(PROP_MEMBERS_BEFORE);
      if (before instanceof Set<?> set) {
        Set<DN> old = new java.util.HashSet<>();
        for (Object o : set) {
          old.add((DN) o);
        }
        engine.linkMembers(dn, old, AdEngine.members(engine.read(dn.toString())));
      }
      if (result.getRequest().getModifications().stream()
          .anyMatch(m -> m.getAttributeName().equalsIgnoreCase("nTSecurityDescriptor"))) {
        engine.propagateBelow(dn);
      }
      if (result.getProperty(PROP_PRIMARY_GROUP_BEFORE) instanceof String primaryBefore) {
        engine.primaryGroupChanged(dn, primaryBefore);
      }
    } catch (LDAPException e) {
      engine.membershipChanged(); // the members added or removed may not all be known
      throw new IllegalStateException("cannot finish a modify (memberOf, inheritance)", e);
    } finally {
      if (touches(result.getRequest().getModifications(), TOKEN_INPUTS)) {
        engine.membershipChanged();
      }
      if (touches(result.getRequest().getModifications(), PARENT_INPUTS)) {
        engine.descriptorsChanged();
      }
    }
  }

  private static boolean touches(List<Modification> mods, Set<String> attributes) {
    return mods.stream()
        .anyMatch(m -> attributes.contains(AdSchemaCatalog.key(m.getAttributeName())));
  }

  @Override
  public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    var delete = request.getRequest();
    if (DnForms.isAlternative(delete.getDN())) {
      DeleteRequest resolved = delete.duplicate();
      resolved.setDN(dnForms.resolve(delete.getDN()));
      request.setRequest(resolved);
      delete = resolved;
    }
    AdEngine.Session session = session(request, delete.getControls());
    engine.checkDelete(
        new DN(delete.getDN()),
        delete.hasControl(SubtreeDeleteRequestControl.SUBTREE_DELETE_REQUEST_OID),
        session);
    // the links and the account names the object frees if the delete succeeds, in one read
    if (server.entryExists(delete.getDN())) {
      request.setProperty(
          PROP_REFERRERS,
          links.referrersOf(
              new DN(delete.getDN()),
              delete.hasControl(SubtreeDeleteRequestControl.SUBTREE_DELETE_REQUEST_OID),
              "sAMAccountName",
              "userPrincipalName"));
    }
    expectScan(ScopedScans.Walker.DELETE, delete.getDN(), SearchScope.SUB, base -> List.of());
  }

  @Override
  public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
    ScopedScans.forget();
    AdDiagnostics.asDirectoryError(result.getResult()).ifPresent(result::setResult);
    if (result.getResult().getResultCode() == ResultCode.SUCCESS) {
      // the object may have been a member, a group or a bound account
      Object read = result.getProperty(PROP_REFERRERS);
      try {
        if (read instanceof LinkIntegrity.Referrers referrers) {
          links.afterDelete(referrers, engine.journal()::written);
          referrers.concerned().forEach(engine.journal()::written);
        } else {
          engine.journal().inexact();
        }
      } catch (LDAPException e) {
        engine.journal().inexact();
        throw new IllegalStateException("cannot remove the links to a deleted object", e);
      }
      engine.entriesRemoved();
      engine.membershipChanged();
      engine.descriptorsChanged();
      try {
        engine.deleted(
            new DN(result.getRequest().getDN()),
            read instanceof LinkIntegrity.Referrers referrers ? referrers.root() : null);
      } catch (LDAPException e) {
        throw new IllegalStateException("cannot free the account names of a delete", e);
      }
    }
  }

  @Override
  public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request)
      throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    var req = request.getRequest();
    if (DnForms.isAlternative(req.getDN()) || DnForms.isAlternative(req.getNewSuperiorDN())) {
      ModifyDNRequest resolved = req.duplicate();
      resolved.setDN(dnForms.resolve(req.getDN()));
      if (req.getNewSuperiorDN() != null) {
        resolved.setNewSuperiorDN(dnForms.resolve(req.getNewSuperiorDN()));
      }
      request.setRequest(resolved);
      req = resolved;
    }
    if (!req.deleteOldRDN()) {
      // MS-ADTS 3.1.1.5.4.1.2: an originating Modify DN must delete the old RDN (AD's RDN
      // attributes are single-valued)
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
                  AdDiagnostics.ERROR_INVALID_PARAMETER, 0x0C090E7C, 5003, "WILL_NOT_PERFORM")
              + ": a rename must delete the old RDN value (deleteoldrdn TRUE; ldapmodrdn -r),"
              + " because the RDN attributes of AD are single-valued");
    }
    Optional<ModifyDNRequest> stored = engine.asStored(req);
    if (stored.isPresent()) {
      request.setRequest(stored.get());
      req = stored.get();
    }
    AdEngine.Session session = session(request, req.getControls());
    engine.checkNewRdn(new DN(req.getDN()), req.getNewRDN());
    if (req.getNewSuperiorDN() != null) {
      engine.checkNewSuperior(new DN(req.getDN()), new DN(req.getNewSuperiorDN()), session);
    }
    engine.checkModifyDn(
        new DN(req.getDN()),
        Optional.ofNullable(req.getNewSuperiorDN()).map(AdInterceptor::dn),
        session);
    if (server.entryExists(req.getDN())) {
      request.setProperty(PROP_REFERRERS, links.referrersOf(new DN(req.getDN()), true));
    }
    expectScan(ScopedScans.Walker.RENAME, req.getDN(), SearchScope.SUB, base -> List.of());
  }

  private static DN dn(String s) {
    try {
      return new DN(s);
    } catch (LDAPException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
    ScopedScans.forget();
    AdDiagnostics.asDirectoryError(result.getResult()).ifPresent(result::setResult);
    if (result.getResult().getResultCode() != ResultCode.SUCCESS) {
      return;
    }
    engine.entriesRemoved();
    engine.membershipChanged(); // member and memberOf values elsewhere now name the new DN
    try {
      var req = result.getRequest();
      DN old = new DN(req.getDN());
      DN parent = req.getNewSuperiorDN() != null ? new DN(req.getNewSuperiorDN()) : old.getParent();
      DN renamed = new DN(new com.unboundid.ldap.sdk.RDN(req.getNewRDN()), parent);
      if (result.getProperty(PROP_REFERRERS) instanceof LinkIntegrity.Referrers referrers) {
        links.afterRename(referrers, old, renamed, engine.journal()::written);
        for (DN moved : referrers.concerned()) {
          engine.journal().written(moved); // gone from here
          engine.journal().written(LinkIntegrity.moved(moved, old, renamed)); // and new there
        }
      } else {
        engine.journal().inexact();
      }
      if (!parent.equals(old.getParent())) {
        engine.reinheritAfterMove(renamed);
      }
      for (SearchResultEntry e :
          ScopedScans.search(
                  server,
                  renamed.toString(),
                  SearchScope.SUB,
                  Filter.createPresenceFilter("objectClass"),
                  "1.1")
              .getSearchEntries()) {
        List<Modification> mods = new ArrayList<>();
        mods.add(new Modification(ModificationType.REPLACE, "distinguishedName", e.getDN()));
        if (e.getParsedDN().equals(renamed)) {
          mods.add(
              new Modification(
                  ModificationType.REPLACE, "name", renamed.getRDN().getAttributeValues()[0]));
          // the server stored the new RDN's value under the name the new RDN spells (CN): the
          // attribute keeps the schema's name (cn), as on an add
          String naming = renamed.getRDN().getAttributeNames()[0];
          mods.add(
              new Modification(
                  ModificationType.REPLACE,
                  engine.catalog().canonicalName(naming),
                  e.getParsedDN().getRDN().getAttributeValues()[0]));
          mods.addAll(engine.prepareModify(renamed, List.of(), AdEngine.Session.SYSTEM));
        }
        server.modify(e.getDN(), mods);
      }
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot update distinguishedName after a rename", e);
    } finally {
      engine.descriptorsChanged(); // the moved objects' DNs and inherited ACEs
    }
  }

  @Override
  public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request)
      throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    SimpleBindRequest bind = request.getRequest();
    engine.bound(connectionKey(request), Optional.empty());
    String name = bind.getBindDN();
    byte[] password = bind.getPassword().getValue();
    if (name.isEmpty() && password.length == 0) {
      return;
    }
    DN account = engine.authenticate(name, password);
    request.setRequest(new SimpleBindRequest(account, password, bind.getControls()));
  }

  @Override
  public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult result) {
    if (result.getResult().getResultCode() == ResultCode.SUCCESS
        && !result.getRequest().getBindDN().isEmpty()) {
      try {
        engine.bound(connectionKey(result), Optional.of(new DN(result.getRequest().getBindDN())));
      } catch (LDAPException e) {
        engine.bound(connectionKey(result), Optional.empty());
      }
    }
  }

  @Override
  public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
    ScopedScans.forget();
    boolean domainScoped = RequestControls.domainScoped(request.getRequest().getControls());
    boolean phantomRoot = RequestControls.phantomRoot(request.getRequest().getControls());
    Optional<String> scopedBy =
        AttributeScopedQuery.sourceAttribute(request.getRequest().getControls());
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    var original = request.getRequest();
    if (!(original.getBaseDN().isEmpty() && original.getScope() == SearchScope.BASE)) {
      requireBindForReads(request);
    }
    if (DnForms.isAlternative(original.getBaseDN())) {
      SearchRequest resolved = original.duplicate();
      resolved.setBaseDN(dnForms.resolve(original.getBaseDN()));
      original = resolved;
    }
    if (original.getBaseDN().isEmpty() && original.getScope() != SearchScope.BASE && !phantomRoot) {
      // the rootDSE has no children: AD searches below it only on the global catalog port or
      // with the phantom-root search option
      throw new LDAPException(ResultCode.NO_SUCH_OBJECT, AdDiagnostics.nameError(""), "", null);
    }
    SearchRequest search = original.duplicate();
    List<String> constructed = ConstructedAttributes.requested(original.getAttributeList());
    if (!constructed.isEmpty()) {
      request.setProperty(PROP_CONSTRUCTED, constructed);
    }
    if (original.getAttributeList().stream().anyMatch("sDRightsEffective"::equalsIgnoreCase)) {
      request.setProperty(PROP_SD_RIGHTS, Boolean.TRUE);
    }
    if (original.getAttributeList().stream().anyMatch("nTSecurityDescriptor"::equalsIgnoreCase)) {
      request.setProperty(PROP_SD_NAMED, Boolean.TRUE);
    }
    Control sdFlags = original.getControl(SD_FLAGS_OID);
    if (sdFlags != null) {
      request.setProperty(PROP_SD_FLAGS, sdFlags);
    }
    request.setProperty(PROP_TOKEN, new AtomicReference<Optional<SecurityToken>>());
    search.setControls(withoutAdControls(original.getControls()));
    limitToMaxPageSize(request, search);
    ExtendedDn.of(original.getControl(ExtendedDn.OID), engine)
        .ifPresent(x -> request.setProperty(PROP_EXTENDED_DN, x));
    if (MemberOfValues.requested(original.getAttributeList())) {
      request.setProperty(PROP_MEMBER_OF, Boolean.TRUE);
    }
    if (!original.typesOnly()) {
      // range retrieval and MaxValRange (RangeRetrieval): the server is asked for whole attributes
      RangeRetrieval.Request ranges = RangeRetrieval.read(original.getAttributeList());
      if (!ranges.ranges().isEmpty()) {
        search.setAttributes(RangeRetrieval.forServer(original.getAttributeList()));
      }
      request.setProperty(PROP_RANGES, ranges);
    }
    // the tokenGroups family is constructed, and only for a base-scope search (MS-ADTS
    // 3.1.1.4.5.19); any other scope fails on the first entry it would return
    List<String> tokenGroups =
        original.getAttributeList().stream()
            .filter(a -> TOKEN_GROUPS.contains(AdSchemaCatalog.key(a)))
            .toList();
    if (!tokenGroups.isEmpty()) {
      request.setProperty(
          original.getScope() == SearchScope.BASE ? PROP_TOKEN_GROUPS : PROP_TOKEN_GROUPS_REFUSED,
          original.getScope() == SearchScope.BASE ? tokenGroups : new AtomicBoolean());
    }
    search.setFilter(
        rewriter.rewrite(original.getFilter(), engine.config().has(AdFeature.AD_MATCHING_RULES)));
    if (!original.getBaseDN().isEmpty() && !phantomRoot) {
      // (a phantom-root search spans every naming context below its base, without references)
      DN base = new DN(original.getBaseDN());
      request.setProperty(PROP_NAMING_CONTEXT, engine.namingContextOf(base));
      if (!domainScoped
          && engine.config().has(AdFeature.NAMING_CONTEXT_SCOPED_SEARCH)
          && engine.config().has(AdFeature.CONTINUATION_REFERENCES)) {
        List<String> references =
            ContinuationReferences.of(
                engine,
                base,
                original.getScope(),
                request.getConnectedPort() == actualLdapsPort ? "ldaps://" : "ldap://");
        if (!references.isEmpty()) {
          request.setProperty(PROP_REFERENCES, references);
        }
      }
    }
    if (scopedBy.isPresent()) {
      // the objects an attribute names may lie in another naming context
      request.setProperty(PROP_NAMING_CONTEXT, null);
      LDAPException outcome =
          AttributeScopedQuery.run(
              request, original, engine, server, scopedBy.get(), search.getFilter());
      if (request.getProperty(PROP_SIZE_LIMIT) instanceof AtomicInteger left && left.get() < 0) {
        throw new LDAPException(
            ResultCode.SIZE_LIMIT_EXCEEDED, "", null, null, outcome.getResponseControls());
      }
      throw outcome;
    }
    request.setRequest(search);
    if (search.getScope() == SearchScope.BASE) {
      // a base search reads one entry and walks nothing: announced for the size only
      ScopedScans.expect(
          new ScopedScans.Scan(ScopedScans.Walker.SEARCH, null, SearchScope.BASE, List.of()));
    } else {
      expectScan(
          ScopedScans.Walker.SEARCH,
          search.getBaseDN(),
          search.getScope(),
          base -> otherNamingContextsBelow(request, base));
    }
  }

  /**
   * Tells the entry map which part of the directory the server will walk for this operation ({@link
   * ScopedScans}); a DN that does not parse is left to the server to refuse.
   */
  private void expectScan(
      ScopedScans.Walker walker, String dn, SearchScope scope, Function<DN, List<DN>> excluded) {
    try {
      DN base = new DN(dn, server.getSchema());
      ScopedScans.expect(new ScopedScans.Scan(walker, base, scope, excluded.apply(base)));
    } catch (LDAPException e) {
      ScopedScans.forget();
    }
  }

  /**
   * The roots of the naming contexts below a search's base that the search does not enter: every
   * one but the base's own, unless the search spans them (phantom root, no scoping).
   */
  private List<DN> otherNamingContextsBelow(InMemoryInterceptedSearchRequest request, DN base) {
    if (!(request.getProperty(PROP_NAMING_CONTEXT) instanceof DN own)
        || !engine.config().has(AdFeature.NAMING_CONTEXT_SCOPED_SEARCH)) {
      return List.of();
    }
    List<DN> others = new ArrayList<>();
    for (DN root : engine.namingContextRoots()) {
      if (!root.equals(own) && root.isDescendantOf(base, false)) {
        others.add(root);
      }
    }
    return others;
  }

  @Override
  public void processSearchResult(InMemoryInterceptedSearchResult result) {
    ScopedScans.forget();
    AdDiagnostics.asDirectoryError(result.getResult()).ifPresent(result::setResult);
    if (result.getProperty(PROP_TOKEN_GROUPS_REFUSED) instanceof AtomicBoolean met && met.get()) {
      // as Windows answers (Samba 4.17: the same code, 00002020 and its own text)
      result.setResult(
          new LDAPResult(
              result.getResult().getMessageID(),
              ResultCode.OPERATIONS_ERROR,
              AdDiagnostics.serviceError(0x2120, 0x03140293, 5012, "DIR_ERROR"),
              null,
              (String[]) null,
              null));
      return;
    }
    if (result.getProperty(PROP_SIZE_LIMIT) instanceof AtomicInteger left
        && left.get() < 0
        && result.getResult().getResultCode() == ResultCode.SUCCESS) {
      result.setResult(
          new LDAPResult(
              result.getResult().getMessageID(),
              ResultCode.SIZE_LIMIT_EXCEEDED,
              null,
              null,
              (String[]) null,
              result.getResult().getResponseControls()));
      return;
    }
    if (result.getProperty(PROP_REFERENCES) instanceof List<?> references
        && result.getResult().getResultCode() == ResultCode.SUCCESS
        && lastPage(result.getResult())) {
      try {
        for (Object url : references) {
          result.sendSearchReference(
              new SearchResultReference(new String[] {(String) url}, new Control[0]));
        }
      } catch (LDAPException e) {
        // the connection failed: the result cannot be sent either
      }
    }
  }

  /**
   * AD's MaxPageSize (MS-ADTS 3.1.1.3.4.6): a paged search's page is cut to it, and a search
   * without paging returns at most that many entries, then sizeLimitExceeded. A VLV search keeps
   * its own window.
   */
  private void limitToMaxPageSize(InMemoryInterceptedSearchRequest request, SearchRequest search)
      throws LDAPException {
    int max = engine.config().maxPageSize();
    SimplePagedResultsControl p = PagedResults.of(search.getControls());
    if (p != null) {
      if (p.getSize() > max) {
        List<Control> controls = new ArrayList<>(List.of(search.getControls()));
        controls.replaceAll(
            c ->
                c.getOID().equals(SimplePagedResultsControl.PAGED_RESULTS_OID)
                    ? new SimplePagedResultsControl(max, p.getCookie(), p.isCritical())
                    : c);
        search.setControls(controls);
      }
    } else if (!search.hasControl(VLV_REQUEST_OID)) {
      // counted here, not by the server, which would count the entries of other naming contexts
      // that processSearchEntry drops
      int limit = search.getSizeLimit() == 0 ? max : Math.min(search.getSizeLimit(), max);
      search.setSizeLimit(0);
      request.setProperty(PROP_SIZE_LIMIT, new AtomicInteger(limit));
    }
  }

  /** The entries an unpaged search may still return; below zero once one more was found. */
  private static final String PROP_SIZE_LIMIT = "adwriteback.sizeLimit";

  private static final String VLV_REQUEST_OID = "2.16.840.1.113730.3.4.9";

  /** Is this the whole result, or the last page of a paged search? */
  private static boolean lastPage(LDAPResult result) {
    try {
      SimplePagedResultsControl paged = PagedResults.of(result.getResponseControls());
      return paged == null || paged.getCookie().getValueLength() == 0;
    } catch (LDAPException e) {
      return true;
    }
  }

  @Override
  public void processCompareResult(InMemoryInterceptedCompareResult result) {
    AdDiagnostics.asDirectoryError(result.getResult()).ifPresent(result::setResult);
  }

  @Override
  public void processCompareRequest(InMemoryInterceptedCompareRequest request)
      throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    requireBindForReads(request);
    if (DnForms.isAlternative(request.getRequest().getDN())) {
      CompareRequest resolved = request.getRequest().duplicate();
      resolved.setDN(dnForms.resolve(resolved.getDN()));
      request.setRequest(resolved);
    }
    var compare = request.getRequest();
    if (MemberOfValues.isMemberOf(compare.getAttributeName())
        && server.entryExists(compare.getDN())) {
      // memberOf is not stored: the server would answer noSuchAttribute. The empty text: without
      // one the result would carry the code's name ("compare true"); a DC sends none
      throw new LDAPException(
          MemberOfValues.compare(
                  engine.memberOf(), new DN(compare.getDN()), compare.getAssertionValue())
              ? ResultCode.COMPARE_TRUE
              : ResultCode.COMPARE_FALSE,
          "");
    }
  }

  /** Refuses a read on a connection that has not bound (AdFeature.ANONYMOUS_READS_REFUSED). */
  private void requireBindForReads(InMemoryInterceptedRequest request) throws LDAPException {
    if (engine.config().has(AdFeature.ANONYMOUS_READS_REFUSED)
        && engine.boundDn(connectionKey(request)).isEmpty()) {
      throw AdSecurity.bindRequired();
    }
  }

  /**
   * An extended operation the testkit does not implement is answered with protocolError, as RFC
   * 4511 section 4.12 requires and AD (and Samba) answer; UnboundID's server says
   * unwillingToPerform. StartTLS is handled before the interceptor.
   */
  @Override
  public void processExtendedRequest(InMemoryInterceptedExtendedRequest request)
      throws LDAPException {
    ScopedScans.forget();
    RequestControls.screen(
        request.getRequest().getControls(),
        kept -> request.setRequest(request.getRequest().duplicate(kept)));
    String oid = request.getRequest().getOID();
    if (!WhoAmIExtendedRequest.WHO_AM_I_REQUEST_OID.equals(oid)
        && !StartTLSExtendedRequest.STARTTLS_REQUEST_OID.equals(oid)) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "Extended operation "
              + oid
              + " is not supported; the rootDSE's supportedExtension lists those that are");
    }
  }

  /**
   * "Who am I?" (RFC 4532) answers as Windows AD does: {@code u:CONTOSO\Administrator} for a bound
   * account and an empty identity for an anonymous connection (UnboundID's server answers with the
   * {@code dn:} form).
   */
  @Override
  public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
    ExtendedResult r = result.getResult();
    if (!WhoAmIExtendedRequest.WHO_AM_I_REQUEST_OID.equals(result.getRequest().getOID())
        || r.getResultCode() != ResultCode.SUCCESS) {
      return;
    }
    String authz = engine.boundDn(connectionKey(result)).map(engine::authorizationId).orElse("");
    result.setResult(
        new WhoAmIExtendedResult(
            r.getMessageID(),
            ResultCode.SUCCESS,
            null,
            null,
            null,
            authz,
            r.getResponseControls()));
  }

  @Override
  public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
    ScopedScans.forget(); // the server's walk is over: reads from here on see the whole map
    shape(entry);
    if (entry.getSearchEntry() != null
        && entry.getProperty(PROP_SIZE_LIMIT) instanceof AtomicInteger left
        && left.getAndDecrement() <= 0) {
      entry.setSearchEntry(null); // over the limit: processSearchResult says so
    }
  }

  /** The entry as AD returns it (or null when the search does not return it). */
  private void shape(InMemoryInterceptedSearchEntry entry) {
    SearchResultEntry e = entry.getSearchEntry();
    if (e.getDN().isEmpty()) {
      Entry root = e.duplicate();
      if (root.hasAttribute("currentTime")) {
        root.setAttribute("currentTime", engine.generalizedTime());
      }
      if (root.hasAttribute("highestCommittedUSN")) {
        root.setAttribute("highestCommittedUSN", Long.toString(engine.highestCommittedUsn()));
      }
      entry.setSearchEntry(root);
      return;
    }
    if (entry.getProperty(PROP_TOKEN_GROUPS_REFUSED) instanceof AtomicBoolean met) {
      met.set(true);
      entry.setSearchEntry(null);
      return;
    }
    Object nc = entry.getProperty(PROP_NAMING_CONTEXT);
    if (nc != null && engine.config().has(AdFeature.NAMING_CONTEXT_SCOPED_SEARCH)) {
      try {
        if (!engine.namingContextOf(e.getParsedDN()).equals(nc)) {
          entry.setSearchEntry(null);
          return;
        }
      } catch (LDAPException ex) {
        return;
      }
    }
    Entry copy = null;
    if (entry.getProperty(PROP_MEMBER_OF) != null) {
      copy = MemberOfValues.addTo(e, engine.memberOf(), entry.getRequest().typesOnly());
    }
    if (entry.getProperty(PROP_TOKEN_GROUPS) instanceof List<?> names) {
      copy = withTokenGroups(copy != null ? copy : e, names);
    }
    if (e.hasAttribute("unicodePwd")) {
      copy = copy != null ? copy : e.duplicate();
      copy.removeAttribute("unicodePwd");
    }
    if (e.hasAttribute("nTSecurityDescriptor")) {
      if (copy == null) {
        copy = e.duplicate();
      }
      if (entry.getProperty(PROP_SD_NAMED) == null) {
        copy.removeAttribute("nTSecurityDescriptor");
      } else {
        filterDescriptor(entry, copy);
      }
    }
    if (entry.getProperty(PROP_RANGES) instanceof RangeRetrieval.Request ranges) {
      Entry cut =
          RangeRetrieval.apply(copy != null ? copy : e, ranges, engine.config().maxValRange());
      copy = cut != null ? cut : copy;
    }
    if (entry.getProperty(PROP_CONSTRUCTED) instanceof List<?> constructed) {
      copy = copy != null ? copy : e.duplicate();
      try {
        engine.addConstructed(copy, constructed.stream().map(String.class::cast).toList());
      } catch (LDAPException ex) {
        // an object that cannot be read again is returned without them
      }
    }
    if (entry.getProperty(PROP_SD_RIGHTS) != null) {
      copy = copy != null ? copy : e.duplicate();
      copy.setAttribute("sDRightsEffective", Integer.toString(sdRightsEffective(entry, copy)));
    }
    if (entry.getProperty(PROP_EXTENDED_DN) instanceof ExtendedDn extended) {
      copy = extended.apply(copy != null ? copy : e);
    }
    if (copy != null) {
      entry.setSearchEntry(copy);
    }
  }

  /**
   * The entry with the token-group attributes the search names added, when it is a security
   * principal (has an objectSid). tokenGroupsNoGCAcceptable is tokenGroups: this DC holds every
   * domain, so no global catalog is ever missing.
   */
  private Entry withTokenGroups(Entry e, List<?> names) {
    Entry copy = e.duplicate();
    try {
      Entry stored = engine.read(e.getDN());
      if (stored != null
          && stored.hasAttribute("objectSid")
          && (stored.hasObjectClass("user") || stored.hasObjectClass("group"))) {
        for (Object name : names) {
          String canonical = engine.catalog().canonicalName((String) name);
          List<byte[]> sids =
              engine.tokenGroups(stored, canonical.equals("tokenGroupsGlobalAndUniversal"));
          if (!sids.isEmpty()) {
            copy.setAttribute(canonical, sids.toArray(new byte[0][]));
          }
        }
      }
    } catch (LDAPException | RuntimeException ex) {
      // an entry that cannot be expanded is returned without tokenGroups
    }
    return copy;
  }

  /**
   * Returns only the parts of nTSecurityDescriptor the SD flags name and the reader may read
   * (READ_CONTROL for owner, group and DACL, SeSecurityPrivilege for the SACL); nothing when no
   * part is left.
   */
  private void filterDescriptor(InMemoryInterceptedSearchEntry entry, Entry copy) {
    try {
      Object control = entry.getProperty(PROP_SD_FLAGS);
      int flags =
          AdSecurity.sdFlags(
              control instanceof Control c ? Optional.of(c) : Optional.<Control>empty());
      SecurityDescriptor stored =
          SecurityDescriptor.fromBytes(copy.getAttributeValueBytes("nTSecurityDescriptor"));
      int parts = flags;
      if (engine.config().has(AdFeature.ACL_ENFORCEMENT)) {
        Optional<SecurityToken> token = token(entry);
        if (token.isEmpty()) {
          parts = 0;
        } else {
          parts = AdSecurity.readableParts(stored, token.get(), flags);
          if ((parts & (AdSecurity.OWNER | AdSecurity.GROUP | AdSecurity.DACL)) == 0
              && (flags & (AdSecurity.OWNER | AdSecurity.GROUP | AdSecurity.DACL)) != 0) {
            // PRINCIPAL_SELF: the reader may be the object itself
            Entry full = engine.read(copy.getDN());
            if (full != null) {
              parts =
                  AdSecurity.readableParts(stored, AdSecurity.forObject(token.get(), full), flags);
            }
          }
        }
      }
      if (parts == 0) {
        copy.removeAttribute("nTSecurityDescriptor");
      } else if (parts != AdSecurity.ALL_PARTS) {
        copy.setAttribute("nTSecurityDescriptor", AdSecurity.readParts(stored, parts).toBytes());
      }
    } catch (LDAPException | RuntimeException ex) {
      copy.removeAttribute("nTSecurityDescriptor");
    }
  }

  /** The reader's token, computed once per search; empty for an anonymous reader. */
  /**
   * The constructed sDRightsEffective (MS-ADTS 3.1.1.4.5.11): the parts of the object's security
   * descriptor the reader may write, OWNER and GROUP with WRITE_OWNER, the DACL with WRITE_DAC, the
   * SACL with SeSecurityPrivilege; all four when the testkit does not enforce ACLs (Samba 4.17
   * gives Administrator 15, measured).
   */
  private int sdRightsEffective(InMemoryInterceptedSearchEntry entry, Entry copy) {
    if (!engine.config().has(AdFeature.ACL_ENFORCEMENT)) {
      return AdSecurity.ALL_PARTS;
    }
    try {
      Optional<SecurityToken> token = token(entry);
      Entry full = engine.read(copy.getDN(), "nTSecurityDescriptor", "objectSid", "objectClass");
      if (token.isEmpty() || full == null || !full.hasAttribute("nTSecurityDescriptor")) {
        return 0;
      }
      SecurityDescriptor sd =
          SecurityDescriptor.fromBytes(full.getAttributeValueBytes("nTSecurityDescriptor"));
      SecurityToken reader = AdSecurity.forObject(token.get(), full);
      int parts = 0;
      if (AccessCheck.check(sd, reader, AccessMask.WRITE_OWNER).isGranted()) {
        parts |= AdSecurity.OWNER | AdSecurity.GROUP;
      }
      if (AccessCheck.check(sd, reader, AccessMask.WRITE_DAC).isGranted()) {
        parts |= AdSecurity.DACL;
      }
      if (reader.hasPrivilege(SecurityToken.Privilege.SECURITY)) {
        parts |= AdSecurity.SACL;
      }
      return parts;
    } catch (LDAPException | RuntimeException ex) {
      return 0;
    }
  }

  private Optional<SecurityToken> token(InMemoryInterceptedSearchEntry entry) throws LDAPException {
    Object holder = entry.getProperty(PROP_TOKEN);
    @SuppressWarnings("unchecked") // only processSearchRequest sets this property
    AtomicReference<Optional<SecurityToken>> cache =
        holder instanceof AtomicReference<?> r
            ? (AtomicReference<Optional<SecurityToken>>) r
            : new AtomicReference<>();
    Optional<SecurityToken> cached = cache.get();
    if (cached != null) {
      return cached;
    }
    Optional<SecurityToken> token = Optional.empty();
    Optional<DN> bound = engine.boundDn(connectionKey(entry));
    if (bound.isPresent()) {
      token = engine.heldToken(bound.get(), Optional.empty()).map(TokenCache.Held::token);
    }
    cache.set(token);
    return token;
  }

  /**
   * The controls UnboundID's server gets with a rewritten add or modify: the client's, without the
   * AD controls the testkit handled itself, plus ManageDsaIT. AD has no referral objects (the
   * schema has no class {@code referral}), so the server's search for one above the target, two DN
   * lookups per operation, can only find nothing.
   */
  private static Control[] forServer(Control[] controls) {
    Control[] kept = withoutAdControls(controls);
    for (Control c : kept) {
      if (c.getOID().equals(ManageDsaITRequestControl.MANAGE_DSA_IT_REQUEST_OID)) {
        return kept;
      }
    }
    Control[] out = Arrays.copyOf(kept, kept.length + 1);
    out[kept.length] = new ManageDsaITRequestControl();
    return out;
  }

  private static Control[] withoutAdControls(Control[] controls) {
    return Arrays.stream(controls)
        .filter(c -> !ACCEPTED_AD_CONTROLS.contains(c.getOID()))
        .toArray(Control[]::new);
  }
}
