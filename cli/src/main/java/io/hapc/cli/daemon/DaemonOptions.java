package io.hapc.cli.daemon;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.HapcCommand;
import io.hapc.cli.sandbox.Sandboxes;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Mixin: which hapcd a command talks to (`--node NAME` for a sandbox node, `--socket PATH`, else
 * HAPC_SOCKET / HAPC_NODE / the system daemon, see {@link DaemonLocator}) and the calls every
 * cluster command makes over its socket.
 */
@Command // a mixin without options of its own: --node/--socket are the root's (DaemonTarget), inherited
public final class DaemonOptions {
    private static final java.time.Duration WARNINGS_WAIT = java.time.Duration.ofSeconds(5);

    /** The command using these options: its root holds --node/--socket ({@link DaemonTarget}, inherited). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** For a mixin that holds these options for `command` (a mixin in a mixin would see the outer mixin, not the command). */
    static DaemonOptions of(CommandSpec command) {
        DaemonOptions options = new DaemonOptions();
        options.mixee = command;
        return options;
    }

    public Path socket() {
        Optional<HapcCommand> root = root();
        Optional<String> name = root.flatMap(HapcCommand::node);
        Optional<Path> socket = root.flatMap(HapcCommand::socket);
        if (socket.isPresent() && name.isEmpty()) return socket.get();
        return DaemonLocator.fromEnvironment()
                .socketFor(name, () -> Sandboxes.fromEnvironment().resolve(Optional.empty()));
    }

    private Optional<HapcCommand> root() {
        CommandSpec s = mixee;
        while (s != null && s.parent() != null) s = s.parent();
        return s != null && s.userObject() instanceof HapcCommand h ? Optional.of(h) : Optional.empty();
    }

    /** The remote channel, once made: its HTTPS connection serves every request of the command (one TLS handshake). */
    private AdminChannel remote;

    /** Where requests go: the remote node of --host (HAPC_HOST), else the local daemon's socket. */
    public synchronized AdminChannel channel() {
        Optional<String> host = root().flatMap(HapcCommand::host);
        if (host.isEmpty()) return new DaemonClient(socket());
        if (remote == null) remote = io.hapc.cli.host.RemoteHosts.channel(host.get());
        return remote;
    }

    /** One request, one reply; a daemon that cannot be reached is a system failure naming the socket (or node). */
    public AdminReply call(AdminRequest request) {
        return call(channel(), request);
    }

    /** {@link #call(AdminRequest)} through a given channel. */
    public static AdminReply call(AdminChannel channel, AdminRequest request) {
        try {
            return channel.call(request);
        } catch (io.hapc.admin.remote.CertificateChangedException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, e.getMessage(), e);
        } catch (io.hapc.admin.protocol.NoReplyException e) {
            // reached, not answered: "is it running?" would have the admin think nothing was done
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    e.getMessage()
                            + (request.isChange()
                                    ? ": the change may or may not have been made; look (`hapc config`, `hapc status`)"
                                            + " before trying again"
                                    : "; try again, or ask another node with --node NAME or --host NODE"),
                    e);
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "cannot reach " + channel.describe() + " ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "): is it running? Start it with `hapc cluster start` (or `hapc sandbox start` for a local sandbox), "
                            + "or choose another daemon with --node NAME, HAPC_SOCKET or --host NODE",
                    e);
        }
    }

    /** The CIB as the daemon knows it, with the DC's name when the daemon says it. */
    public Snapshot fetch() {
        AdminReply r = call(new AdminRequest.GetCib());
        if (!r.ok()) throw new CommandFailure(r.exitCode() == 0 ? ExitCodes.UNEXPECTED : r.exitCode(), r.message());
        String xml = r.cibXml()
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        channel().describe() + " answered without a CIB (is it still starting? try again)"));
        try {
            return new Snapshot(CibXmlReader.read(xml, "the CIB from hapcd"), r.dc());
        } catch (CibFormatException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE, "hapcd sent a CIB hapc cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The warnings of the DC's last decision (its rules' warnings; why admin rules are set aside when
     * they are). The CLI never runs the rules itself. When the DC cannot say, that is the one warning.
     */
    public java.util.List<String> warnings() {
        AdminReply r;
        try {
            // Status must not wait for a busy or lost DC: the rest of it is this daemon's own copy.
            r = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(new AdminRequest.GetWarnings()))
                    .get(WARNINGS_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return java.util.List.of(
                    "no warnings from the DC: it did not answer within " + WARNINGS_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.List.of("no warnings from the DC: interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof CommandFailure f) throw f;
            return java.util.List.of("no warnings from the DC: " + e.getCause());
        }
        if (!r.ok()) return java.util.List.of("no warnings from the DC: " + r.message());
        return r.message().isBlank()
                ? java.util.List.of()
                : java.util.List.of(r.message().split("\n"));
    }

    /** The name of the node the daemon runs on (for commands whose node defaults to "this one"). */
    public String localNode() {
        AdminReply r = call(new AdminRequest.DaemonInfo());
        return r.node()
                .filter(n -> !n.isBlank())
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        channel().describe() + " did not say which node it runs on; name the node"));
    }

    /** A CIB and the DC's name (from the daemon; else from the CIB's dc-uuid). */
    public record Snapshot(Cib cib, Optional<String> dc) {
        public Optional<String> dcName() {
            return dc.or(() -> cib.dcUuid()
                    .flatMap(id -> cib.nodes().stream()
                            .filter(n -> n.id().equals(id))
                            .map(io.hapc.model.cib.Node::uname)
                            .findFirst()));
        }
    }
}
