package io.hapc.cli.cluster;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.daemon.config.DaemonConfig;
import io.hapc.transport.heartbeat.HeartbeatSettings;
import io.hapc.transport.heartbeat.cluster.HeartbeatTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `hapc cluster cib-sync --from NODE`: the way out when both nodes of a two-node (heartbeat) cluster
 * changed the CIB while apart and refuse to join. Run on the node whose CIB is to be dropped, with its
 * hapcd stopped: its copies go, and at its next start it takes NODE's when the two join.
 */
@Command(
        name = "cib-sync",
        mixinStandardHelpOptions = true,
        description =
                "Two-node clusters (transport heartbeat): drop this node's CIB so it takes the peer's at its next start. Run with hapcd stopped here.")
final class CibSync implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "NODE",
            description = "The node whose CIB to keep (this node's peer).")
    String from;

    @Option(
            names = "--config",
            defaultValue = "/etc/hapc/hapcd.conf",
            description = "This node's settings (default ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Map<String, String> values;
        try {
            values = DaemonConfig.read(config);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "cannot read " + config + ": " + e.getMessage());
        }
        DaemonConfig c;
        try {
            c = DaemonConfig.of(values, InetAddress.getLocalHost().getHostName());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, config + ": " + e.getMessage());
        }
        HeartbeatSettings hb = c.heartbeat()
                .orElseThrow(
                        () -> new CommandFailure(
                                ExitCodes.INVALID_INPUT,
                                "cib-sync is for two-node clusters (transport=heartbeat); with ZooKeeper the store holds the one CIB"));
        String peer = hb.peerOf(c.nodeName());
        if (!from.equals(peer)) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "--from " + from + ": this node is " + c.nodeName() + " and its peer is " + peer
                            + "; run cib-sync on the node whose CIB is to be dropped, --from the one to keep");
        }
        if (answers(c.socket())) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "hapcd is running on " + c.nodeName() + " (" + c.socket()
                            + " answers): stop it first (hapc cluster stop " + c.nodeName()
                            + "), then run cib-sync again");
        }
        boolean had = HeartbeatTransport.discardCibCopy(c.stateDir());
        // The daemon's own copy too: at its next start it would otherwise take it for newer than what it joins with.
        had |= Files.deleteIfExists(c.stateDir().resolve("cib.xml"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                had
                        ? "Dropped " + c.nodeName() + "'s CIB (in " + c.stateDir()
                                + "). Start hapcd here (hapc cluster start): it takes " + peer
                                + "'s CIB when the two join."
                        : "No CIB of " + c.nodeName() + " in " + c.stateDir() + ": it takes " + peer
                                + "'s when it joins.");
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) return false;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false; // a socket file left by a daemon that died
        }
    }
}
