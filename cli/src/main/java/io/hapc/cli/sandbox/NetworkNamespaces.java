package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.IsolatedNetwork.Link;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The `ip` commands that build and tear down an isolated sandbox's network: a bridge in its own
 * namespace, and for each host a namespace whose eth0 is a veth cable plugged into that bridge.
 * Nothing is added to the root namespace, and no namespace has a route out of the subnet.
 */
final class NetworkNamespaces {
    private NetworkNamespaces() {}

    static boolean exists(String namespace) {
        return Files.exists(Path.of("/run/netns", namespace));
    }

    /** The bridge's namespace: `br0` with the bridge address (where ZooKeeper listens). */
    static void createLan(IsolatedNetwork net) {
        ip("netns", "add", net.lanNamespace());
        ip("-n", net.lanNamespace(), "link", "set", "lo", "up");
        // No spanning tree and no forward delay: a cable plugged in forwards at once. A MAC address of its own: a
        // bridge without one takes its lowest port's, and changes it when that host powers off, which leaves every
        // other host's ARP entry for ZooKeeper stale (sessions suspended for seconds).
        ip(
                "-n",
                net.lanNamespace(),
                "link",
                "add",
                IsolatedNetwork.BRIDGE,
                "address",
                bridgeMac(net),
                "type",
                "bridge",
                "stp_state",
                "0",
                "forward_delay",
                "0",
                "mcast_snooping",
                "0");
        ip(
                "-n",
                net.lanNamespace(),
                "addr",
                "add",
                net.bridgeAddress() + "/" + net.prefixLength(),
                "dev",
                IsolatedNetwork.BRIDGE);
        ip("-n", net.lanNamespace(), "link", "set", IsolatedNetwork.BRIDGE, "up");
    }

    /** Locally administered (02:…), made from the sandbox's prefix so that two sandboxes differ. */
    static String bridgeMac(IsolatedNetwork net) {
        String hex = net.prefix().substring(net.prefix().length() - 6);
        return "02:48:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":01";
    }

    /** A fresh host: its namespace, and eth0 cabled to the bridge with its address (and nothing else: no default route). */
    static void plugIn(IsolatedNetwork net, Link host) {
        ip("netns", "add", host.namespace());
        ip("-n", host.namespace(), "link", "set", "lo", "up");
        ip(
                "-n",
                net.lanNamespace(),
                "link",
                "add",
                host.bridgePort(),
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                host.namespace());
        ip("-n", net.lanNamespace(), "link", "set", host.bridgePort(), "master", IsolatedNetwork.BRIDGE, "up");
        ip("-n", host.namespace(), "addr", "add", host.address() + "/" + net.prefixLength(), "dev", "eth0");
        ip("-n", host.namespace(), "link", "set", "eth0", "up");
    }

    /** Pulls the host's cable: from now on it neither sends nor receives. */
    static void unplug(IsolatedNetwork net, Link host) {
        ipQuietly("-n", net.lanNamespace(), "link", "set", host.bridgePort(), "down");
    }

    /** The pids of every process in the namespace (none if it does not exist). */
    static List<Long> pids(String namespace) {
        List<Long> out = new ArrayList<>();
        if (!exists(namespace)) return out;
        Result r = run(List.of("ip", "netns", "pids", namespace));
        for (String line : r.out().split("\\s+")) {
            if (!line.isBlank()) out.add(Long.parseLong(line.strip()));
        }
        return out;
    }

    /**
     * SIGKILL to every process in the namespace, again until none is left: a process forked between
     * two listings is in the namespace too, so the next round gets it.
     */
    static void killAll(String namespace) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        for (int round = 0; round < 200; round++) {
            List<Long> pids = pids(namespace).stream().filter(p -> p != self).toList();
            if (pids.isEmpty()) return;
            for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Thread.sleep(20);
        }
        throw new CommandFailure(
                ExitCodes.SYSTEM_FAILURE,
                "processes of namespace " + namespace + " survive SIGKILL: " + pids(namespace));
    }

    /** The host's cable and namespace go (its addresses with them, the floating IP included). */
    static void remove(IsolatedNetwork net, Link host) {
        if (exists(net.lanNamespace())) ipQuietly("-n", net.lanNamespace(), "link", "del", host.bridgePort());
        if (exists(host.namespace())) ip("netns", "del", host.namespace());
    }

    /** Everything the sandbox made: every process in its namespaces, then the namespaces. */
    static void teardown(IsolatedNetwork net) throws InterruptedException {
        List<Link> all = new ArrayList<>(net.hosts());
        all.add(net.client());
        for (Link h : all) {
            unplug(net, h);
            killAll(h.namespace());
            remove(net, h);
        }
        killAll(net.lanNamespace());
        if (exists(net.lanNamespace())) ip("netns", "del", net.lanNamespace());
    }

    /** True once something in `namespace` accepts TCP connections on address:port. */
    static boolean awaitListening(String namespace, String address, int port, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Result r = run(List.of(
                    "ip", "netns", "exec", namespace, "bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port));
            if (r.rc() == 0) return true;
            Thread.sleep(100);
        }
        return false;
    }

    record Result(int rc, String out, String err) {}

    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            // small outputs only (ip): read after exit is safe; both streams drained to be sure
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, String.join(" ", cmd) + ": no answer within 30 s");
            }
            return new Result(
                    p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "cannot run " + cmd.get(0) + ": " + e.getMessage()
                            + " (an isolated sandbox needs iproute2 and root)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, "interrupted while running " + String.join(" ", cmd), e);
        }
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Result r = run(cmd);
        if (r.rc() != 0) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "`" + String.join(" ", cmd) + "` failed (" + r.rc() + "): "
                            + r.err().strip() + " (an isolated sandbox needs root and network namespaces)");
        }
    }

    private static void ipQuietly(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(cmd);
    }
}
