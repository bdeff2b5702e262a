package io.hapc.cli.host;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.remote.CertificateChangedException;
import io.hapc.admin.remote.RemoteAdminClient;
import io.hapc.admin.remote.RemoteApi;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.DaemonOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `hapc host auth|deauth|set-password|revoke-tokens|list`: administration across machines through
 * each node's admin service (pcsd's role, docs/ADMIN.md), as `pcs host` has it.
 */
@Command(
        name = "host",
        mixinStandardHelpOptions = true,
        description = "Authenticate to other nodes' admin services (pcs host).",
        subcommands = {
            HostCommand.Auth.class,
            HostCommand.Deauth.class,
            HostCommand.SetPassword.class,
            HostCommand.RevokeTokens.class,
            HostCommand.ListHosts.class
        })
public final class HostCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static KnownHosts knownHosts() {
        return KnownHosts.forUser(System.getenv());
    }

    @Command(
            name = "auth",
            mixinStandardHelpOptions = true,
            description = {
                "Authenticate to NODEs' admin services with the password of their hapc user (set there with "
                        + "`hapc host set-password`); pins each node's certificate on first use and keeps the token in "
                        + "~/.config/hapc/known-hosts.json (0600).",
                "NODE is a name (its admin service on port 2224 there) or NAME=ADDRESS[:PORT]."
            })
    static final class Auth implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NODE", arity = "1..*", description = "NAME or NAME=ADDRESS[:PORT].")
        List<String> nodes;

        @Option(
                names = {"-u", "--user"},
                defaultValue = "hacluster",
                description = "The user (default ${DEFAULT-VALUE}).")
        String user;

        @Mixin
        Passwords password;

        @Override
        public Integer call() throws IOException {
            List<KnownHosts.Target> targets = new ArrayList<>();
            for (String n : nodes) {
                try {
                    targets.add(KnownHosts.Target.parse(n));
                } catch (IllegalArgumentException e) {
                    throw new CommandFailure(ExitCodes.INVALID_INPUT, e.getMessage());
                }
            }
            String secret = password.get("Password of " + user + ": ", false);
            KnownHosts hosts = knownHosts();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int worst = ExitCodes.OK;
            for (KnownHosts.Target t : targets) {
                Optional<KnownHosts.KnownHost> known = hosts.get(t.node());
                String host = t.hostOr(known);
                int port = t.portOr(known);
                RemoteAdminClient client = new RemoteAdminClient(
                        t.node(), host, port, known.map(KnownHosts.KnownHost::fingerprint), Optional.empty());
                try {
                    RemoteApi.AuthReply reply = client.auth(user, secret);
                    String fingerprint = client.seenFingerprint().orElseThrow();
                    String pinnedAt = known.map(KnownHosts.KnownHost::pinnedAt)
                            .orElse(Instant.now().toString());
                    hosts.put(new KnownHosts.KnownHost(
                            t.node(), host, port, fingerprint, pinnedAt, user, reply.token(), reply.expiresAt()));
                    if (known.isEmpty())
                        out.println(t.node() + ": certificate SHA-256 " + fingerprint + " pinned (first use)");
                    if (!reply.node().equals(t.node())) {
                        err.println(
                                "warning: " + t.node() + " (" + client.address() + ") calls itself " + reply.node());
                    }
                    out.println(t.node() + ": Authorized (token valid until " + reply.expiresAt() + ")");
                } catch (CertificateChangedException | RemoteAdminClient.AuthRefusedException e) {
                    err.println("error: " + t.node() + ": " + e.getMessage());
                    worst = Math.max(worst, ExitCodes.INVALID_INPUT);
                } catch (IOException e) {
                    err.println("error: " + t.node() + ": cannot reach its admin service at " + client.address() + " ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "): is hapcd running there, and admin.port/admin.bind as expected?");
                    worst = Math.max(worst, ExitCodes.SYSTEM_FAILURE);
                }
                out.flush();
                err.flush();
            }
            return worst;
        }
    }

    @Command(
            name = "deauth",
            mixinStandardHelpOptions = true,
            description =
                    "Revoke the tokens of NODEs (all known nodes without one) and forget them here, pinned certificates included.")
    static final class Deauth implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                paramLabel = "NODE",
                arity = "0..*",
                description = "The nodes (default: every node authenticated to).")
        List<String> nodes = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            KnownHosts hosts = knownHosts();
            Map<String, KnownHosts.KnownHost> all = hosts.all();
            List<String> which = nodes.isEmpty() ? List.copyOf(all.keySet()) : nodes;
            PrintWriter out = spec.commandLine().getOut();
            int rc = ExitCodes.OK;
            for (String n : which) {
                KnownHosts.KnownHost h = all.get(n);
                if (h == null) {
                    spec.commandLine()
                            .getErr()
                            .println("error: " + n + ": not authenticated to it (nothing to forget)");
                    rc = ExitCodes.INVALID_INPUT;
                    continue;
                }
                String revoked;
                try {
                    AdminReply r = new RemoteAdminClient(
                                    n, h.host(), h.port(), Optional.of(h.fingerprint()), Optional.of(h.token()))
                            .deauth();
                    revoked = r.ok() ? "token revoked there" : "not revoked there (" + r.message() + ")";
                } catch (CertificateChangedException e) {
                    revoked = "not revoked there: it presents another certificate now (" + e.seen() + ")";
                } catch (IOException e) {
                    revoked = "not revoked there: unreachable (" + e.getMessage() + ")";
                }
                hosts.remove(n);
                out.println(n + ": " + revoked + "; token and pinned certificate forgotten here");
            }
            out.flush();
            return rc;
        }
    }

    @Command(
            name = "set-password",
            mixinStandardHelpOptions = true,
            description =
                    "Set the password `hapc host auth` checks on this node (hapc's own store, PBKDF2; not the system's).")
    static final class SetPassword implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = {"-u", "--user"},
                defaultValue = "hacluster",
                description = "The user (default ${DEFAULT-VALUE}).")
        String user;

        @Mixin
        Passwords password;

        @Mixin
        DaemonOptions daemon;

        @Override
        public Integer call() {
            AdminReply r = daemon.call(
                    new AdminRequest.SetPassword(user, password.get("New password of " + user + ": ", true)));
            if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
            spec.commandLine().getOut().println(r.message());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "revoke-tokens",
            mixinStandardHelpOptions = true,
            description =
                    "Revoke every token this node's admin service issued (clients must run `hapc host auth` again).")
    static final class RevokeTokens implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DaemonOptions daemon;

        @Override
        public Integer call() {
            AdminReply r = daemon.call(new AdminRequest.RevokeTokens());
            if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
            spec.commandLine().getOut().println(r.message());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The nodes authenticated to, with their pinned certificates.")
    static final class ListHosts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (KnownHosts.KnownHost h : knownHosts().all().values()) {
                out.println(h.node() + " " + h.address() + " user=" + h.user() + " token-until=" + h.expiresAt()
                        + " SHA-256 " + h.fingerprint());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
