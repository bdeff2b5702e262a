package io.hapc.cli.pacemaker;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.sandbox.Sandboxes;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * Pacemaker's command-line tools that resource agents call while they run (crm_attribute for promotion
 * scores and node attributes, crm_node for the local node's name and the membership), answered by
 * hapc for agents that hapcd runs: hapcd puts bin/pacemaker first on their PATH and in HA_SBIN_DIR, and
 * HAPC_SOCKET in their environment. Options, output and exit codes are Pacemaker's, so agents read
 * them as they would from Pacemaker; they are not admin commands (see docs/AGENTS.md).
 */
public final class PacemakerTools {
    private PacemakerTools() {}

    /** Pacemaker's exit codes (crm_exit_t) that these tools use. */
    static final int CRM_EX_OK = 0;

    static final int CRM_EX_ERROR = 1;
    static final int CRM_EX_INSUFFICIENT_PRIV = 4;
    static final int CRM_EX_USAGE = 64;
    static final int CRM_EX_DISCONNECT = 102;
    static final int CRM_EX_NOSUCH = 105;

    static final Set<String> NAMES = Set.of("crm_attribute", "crm_node");

    /** Whether `hapc ARGS` is one of these tools (its first argument names it). */
    public static boolean handles(String[] args) {
        return args.length > 0 && NAMES.contains(args[0]);
    }

    /** Runs the tool `args[0]` with the rest of `args`; returns its exit code. */
    public static int run(String[] args, Map<String, String> env) {
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Daemon daemon = new Daemon(new DaemonClient(new DaemonLocator(env)
                .socketFor(Optional.empty(), () -> Sandboxes.fromEnvironment().resolve(Optional.empty()))));
        Object command = args[0].equals("crm_node") ? new CrmNode(daemon, env) : new CrmAttribute(daemon, env);
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof ToolFailure f) {
                err.println(args[0] + ": " + f.getMessage());
                err.flush();
                return f.exitCode;
            }
            err.println(args[0] + ": " + e);
            err.flush();
            return CRM_EX_ERROR;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(args[0] + ": " + e.getMessage());
            return CRM_EX_USAGE;
        });
        return cl.execute(rest);
    }

    /** A failure with Pacemaker's exit code for it. */
    static final class ToolFailure extends RuntimeException {
        final int exitCode;

        ToolFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** The local hapcd, as these tools use it. */
    record Daemon(AdminChannel channel) {
        AdminReply call(AdminRequest request) {
            try {
                return channel.call(request);
            } catch (IOException e) {
                throw new ToolFailure(
                        CRM_EX_DISCONNECT,
                        "could not connect to " + channel.describe() + " (" + e.getMessage()
                                + "): is it running? (HAPC_SOCKET names its socket)");
            }
        }

        /** The CIB as hapcd knows it. */
        Cib cib() {
            AdminReply r = call(new AdminRequest.GetCib());
            if (!r.ok()) throw new ToolFailure(failure(r), r.message());
            String xml = r.cibXml().orElseThrow(() -> new ToolFailure(CRM_EX_DISCONNECT, "hapcd sent no CIB yet"));
            try {
                return CibXmlReader.read(xml, "the CIB from hapcd");
            } catch (CibFormatException e) {
                throw new ToolFailure(CRM_EX_ERROR, "hapcd sent a CIB that cannot be read: " + e.getMessage());
            }
        }

        /** The node hapcd runs on. */
        String localNode() {
            AdminReply r = call(new AdminRequest.DaemonInfo());
            return r.node()
                    .filter(n -> !n.isBlank())
                    .orElseThrow(() -> new ToolFailure(CRM_EX_ERROR, "hapcd did not say which node it runs on"));
        }

        /** hapc's exit codes (cli ExitCodes) as Pacemaker's. */
        static int failure(AdminReply r) {
            return switch (r.exitCode()) {
                case 6 -> CRM_EX_INSUFFICIENT_PRIV;
                case 5 -> CRM_EX_DISCONNECT;
                default -> CRM_EX_ERROR;
            };
        }
    }
}
