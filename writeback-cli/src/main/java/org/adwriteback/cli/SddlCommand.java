package org.adwriteback.cli;

import java.io.PrintWriter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.adwriteback.schema.DsaclsNotation;
import org.adwriteback.schema.SchemaCatalog;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.KnownAce;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code writeback sddl}: converts security descriptors between the binary form AD stores (MS-DTYP
 * 2.4.6) and SDDL (MS-DTYP 2.5.1), and explains each ACE in words and in dsacls notation. Works
 * offline.
 */
@Command(
    name = "sddl",
    mixinStandardHelpOptions = true,
    description = "Decode, encode and explain security descriptors (offline).",
    subcommands = {SddlCommand.Decode.class, SddlCommand.Encode.class, SddlCommand.Explain.class})
final class SddlCommand {

  /** Options shared by the three subcommands. */
  static class Aliases {
    @Option(
        names = "--domain-sid",
        paramLabel = "SID",
        description = "domain SID for aliases such as DA, DU (S-1-5-21-a-b-c)")
    String domainSid;

    @Option(
        names = "--forest-sid",
        paramLabel = "SID",
        description = "forest root domain SID for EA, SA (defaults to --domain-sid)")
    String forestSid;

    SddlContext context() throws UsageException {
      if (domainSid == null) {
        if (forestSid != null) {
          throw new UsageException("--forest-sid needs --domain-sid too");
        }
        return SddlContext.NONE;
      }
      Sid domain = sid(domainSid, "--domain-sid");
      return SddlContext.of(domain, forestSid == null ? domain : sid(forestSid, "--forest-sid"));
    }

    private static Sid sid(String text, String option) throws UsageException {
      try {
        return Sid.parse(text);
      } catch (IllegalArgumentException e) {
        throw new UsageException(option + " '" + text + "' is not a SID: " + e.getMessage());
      }
    }
  }

  /** {@code sddl decode HEX|--base64 B64}. */
  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = "Binary security descriptor (hex, or --base64) to SDDL.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--base64", description = "the input is base64 (as ldapsearch prints it)")
    boolean base64;

    @Parameters(
        paramLabel = "BYTES",
        description = "the descriptor, hex (spaces allowed) or base64")
    String input;

    @picocli.CommandLine.Mixin Aliases aliases = new Aliases();

    @Override
    public Integer call() throws UsageException {
      SecurityDescriptor sd = SecurityDescriptor.fromBytes(bytes(input, base64));
      spec.commandLine().getOut().println(sd.toSddl(aliases.context()));
      return 0;
    }
  }

  /** {@code sddl encode SDDL}. */
  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = "SDDL to the binary self-relative form, as lowercase hex.")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SDDL", description = "the descriptor in SDDL")
    String sddl;

    @picocli.CommandLine.Mixin Aliases aliases = new Aliases();

    @Override
    public Integer call() throws UsageException {
      SecurityDescriptor sd = SecurityDescriptor.fromSddl(sddl, aliases.context());
      spec.commandLine().getOut().println(HexFormat.of().formatHex(sd.toBytes()));
      return 0;
    }
  }

  /** {@code sddl explain SDDL}. */
  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = "One line per ACE: in words, and in dsacls notation.")
  static final class Explain implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SDDL", description = "the descriptor in SDDL")
    String sddl;

    @picocli.CommandLine.Mixin Aliases aliases = new Aliases();

    @Override
    public Integer call() throws UsageException {
      SddlContext context = aliases.context();
      SecurityDescriptor sd = SecurityDescriptor.fromSddl(sddl, context);
      PrintWriter out = spec.commandLine().getOut();
      SchemaCatalog catalog = SchemaCatalog.standard();
      AceDescriptions words = new AceDescriptions(catalog);
      sd.owner().ifPresent(o -> out.println("owner: " + o));
      sd.group().ifPresent(g -> out.println("group: " + g));
      if (sd.hasNullDacl()) {
        out.println("DACL: none (NULL DACL): everyone has full access");
      }
      sd.dacl().ifPresent(acl -> explain(out, "DACL", acl, words, catalog, context));
      sd.sacl().ifPresent(acl -> explain(out, "SACL", acl, words, catalog, context));
      return 0;
    }

    private static void explain(
        PrintWriter out,
        String name,
        Acl acl,
        AceDescriptions words,
        SchemaCatalog catalog,
        SddlContext context) {
      out.println(name + ": " + acl.size() + (acl.size() == 1 ? " ACE" : " ACEs"));
      int i = 1;
      for (Ace ace : acl.aces()) {
        String trustee = ace instanceof KnownAce k ? trustee(k.sid(), context) : "?";
        String dsacls;
        try {
          dsacls = DsaclsNotation.toDsacls(ace, catalog);
        } catch (RuntimeException e) {
          dsacls = "(no dsacls form)";
        }
        out.printf(
            Locale.ROOT, "%3d. %s%n     dsacls: %s%n", i++, words.describe(ace, trustee), dsacls);
      }
    }

    private static String trustee(Sid sid, SddlContext context) {
      String alias = SecurityDescriptor.ofDacl(Acl.empty()).withOwner(sid).toSddl(context);
      // "O:XX" or "O:S-1-…" followed by "D:"
      String owner = alias.substring(2, alias.indexOf("D:"));
      return owner.startsWith("S-") ? owner : owner + " (" + sid + ")";
    }
  }

  static byte[] bytes(String input, boolean base64) throws UsageException {
    String s = input.replaceAll("\\s", "");
    try {
      if (base64) {
        return Base64.getDecoder().decode(s);
      }
      if (s.startsWith("0x") || s.startsWith("0X")) {
        s = s.substring(2);
      }
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "the input is not "
              + (base64 ? "base64" : "hex (use --base64 for base64 input)")
              + ": "
              + e.getMessage());
    }
  }
}
