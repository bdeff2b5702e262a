package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `hapc cluster setup|start|enable|disable|destroy` on other hosts, each through its admin service
 * (docs/ADMIN.md): one line per host saying what was done there. A request every host must accept
 * (setup) is checked on all of them before any is changed.
 */
final class AcrossHosts {
    /** How long a host that does not answer is asked again before `destroy` gives up on it. */
    private static final long UNREACHABLE_GRACE_S = 15;

    private AcrossHosts() {}

    static int setup(
            String cluster,
            List<String> nodes,
            List<String> settings,
            boolean force,
            PrintWriter out,
            PrintWriter err) {
        Map<String, AdminChannel> channels = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String n : nodes) {
            AdminChannel ch = ClusterHosts.channel(n);
            channels.put(n, ch);
            try {
                ClusterHosts.HostState s = ClusterHosts.state(ch);
                if (s.running()) {
                    problems.add(n + " runs in cluster '" + s.cluster().orElse("?")
                            + "' (hapc cluster destroy there first)");
                } else if (s.configured() && !force) {
                    problems.add(n + " already belongs to cluster '"
                            + s.cluster().orElse("?") + "' (--force to overwrite, or hapc cluster destroy there)");
                } else if (!s.node().equals(n)) {
                    problems.add(n + " calls itself " + s.node() + " (name it so, or set node.name there)");
                }
            } catch (IOException e) {
                problems.add("cannot reach " + ch.describe() + " (" + ClusterHosts.why(e) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "cluster '" + cluster + "' not set up, nothing was pushed: " + String.join("; ", problems));
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        int worst = ExitCodes.OK;
        for (Map.Entry<String, AdminChannel> e : channels.entrySet()) {
            worst = Math.max(
                    worst,
                    report(
                            e.getKey(),
                            e.getValue(),
                            new AdminRequest.PushSetup(cluster, nodes, settings, key, force),
                            out,
                            err));
        }
        if (worst == ExitCodes.OK)
            out.println("Cluster '" + cluster + "' set up on " + String.join(", ", nodes)
                    + ": start it with `hapc cluster start --all`");
        out.flush();
        return worst;
    }

    static int start(List<String> nodes, long timeoutS, PrintWriter out, PrintWriter err) throws InterruptedException {
        int worst = ExitCodes.OK;
        List<String> starting = new ArrayList<>();
        for (String n : nodes) {
            int rc = report(n, ClusterHosts.channel(n), new AdminRequest.StartHost(), out, err);
            if (rc == ExitCodes.OK) starting.add(n);
            worst = Math.max(worst, rc);
        }
        long begin = System.nanoTime();
        long deadline = begin + Duration.ofSeconds(timeoutS).toNanos();
        List<String> pending = new ArrayList<>(starting);
        // "started" once a node is an online member as it sees itself (its admin service restarts on the way: refusals
        // are waited out).
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String n : List.copyOf(pending)) {
                if (Membership.online(ClusterHosts.channel(n))
                        .map(m -> m.contains(n))
                        .orElse(false)) {
                    out.printf("%s: started, an online member after %.1f s%n", n, (System.nanoTime() - begin) / 1e9);
                    out.flush();
                    pending.remove(n);
                }
            }
            if (!pending.isEmpty()) Thread.sleep(250);
        }
        if (!pending.isEmpty()) {
            err.println("error: not an online member after " + timeoutS + " s: " + String.join(", ", pending)
                    + " (see hapcd's log there; is the DC up, and the transport reachable from it?)");
            worst = ExitCodes.SYSTEM_FAILURE;
        }
        out.flush();
        err.flush();
        return worst;
    }

    static int boot(List<String> nodes, boolean enable, PrintWriter out, PrintWriter err) {
        int worst = ExitCodes.OK;
        for (String n : nodes)
            worst = Math.max(worst, report(n, ClusterHosts.channel(n), new AdminRequest.BootStart(enable), out, err));
        return worst;
    }

    /**
     * Stops the hosts that run (one StopNodes through one of them), waits until each waits again,
     * then destroys each. `nodes` empty: only the host behind `first`.
     */
    static int destroy(List<String> nodes, AdminChannel first, long timeoutS, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        Map<String, AdminChannel> channels = new LinkedHashMap<>();
        if (nodes.isEmpty()) {
            try {
                channels.put(ClusterHosts.state(first).node(), first);
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        "cannot reach " + first.describe() + " (" + ClusterHosts.why(e)
                                + "): nothing was destroyed (a hapcd that is not running leaves its files: remove hapcd.conf, authkey "
                                + "and the state directory there by hand)");
            }
        } else {
            for (String n : nodes) channels.put(n, ClusterHosts.channel(n));
        }
        List<String> running = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        // A host that does not answer at once may be between its cluster and waiting again (its admin service restarts
        // then, e.g. just after `cluster stop` or `node remove` stopped it): asked again for a while before it is an
        // error.
        long probeDeadline = System.nanoTime()
                + Duration.ofSeconds(Math.min(timeoutS, UNREACHABLE_GRACE_S)).toNanos();
        for (Map.Entry<String, AdminChannel> e : channels.entrySet()) {
            try {
                if (stateWithin(e.getValue(), probeDeadline).running()) running.add(e.getKey());
            } catch (IOException ex) {
                err.println("error: " + e.getKey() + ": cannot reach "
                        + e.getValue().describe() + " (" + ClusterHosts.why(ex)
                        + "): is hapcd running there? Its files stay");
                unreachable.add(e.getKey());
            }
        }
        if (!running.isEmpty()) {
            AdminReply r = call(channels.get(running.get(0)), new AdminRequest.StopNodes(running));
            if (!r.ok())
                throw new CommandFailure(
                        r.exitCode(),
                        "stopping " + String.join(", ", running) + " before destroying: " + r.message()
                                + " (nothing was destroyed)");
            out.println(r.message());
            out.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutS).toNanos();
        List<String> pending = new ArrayList<>(running);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String n : List.copyOf(pending)) {
                try {
                    if (!ClusterHosts.state(channels.get(n)).running()) pending.remove(n);
                } catch (IOException e) {
                    // between the cluster and waiting again, its admin service restarts
                }
            }
            if (!pending.isEmpty()) Thread.sleep(250);
        }
        int worst = unreachable.isEmpty() ? ExitCodes.OK : ExitCodes.SYSTEM_FAILURE;
        for (Map.Entry<String, AdminChannel> e : channels.entrySet()) {
            if (unreachable.contains(e.getKey())) continue;
            if (pending.contains(e.getKey())) {
                err.println("error: " + e.getKey() + ": did not come back waiting for a cluster within " + timeoutS
                        + " s, so its "
                        + "files stay (a hapcd started with its configuration exits when stopped: remove hapcd.conf, authkey and "
                        + "the state directory there by hand)");
                worst = ExitCodes.SYSTEM_FAILURE;
                continue;
            }
            worst = Math.max(worst, report(e.getKey(), e.getValue(), new AdminRequest.DestroyHost(), out, err));
        }
        return worst;
    }

    /** The host's state, asked again (every 250 ms) until it answers or the deadline passes; the last failure if it never does. */
    static ClusterHosts.HostState stateWithin(AdminChannel channel, long deadlineNanos)
            throws IOException, InterruptedException {
        while (true) {
            try {
                return ClusterHosts.state(channel);
            } catch (IOException e) {
                if (System.nanoTime() >= deadlineNanos) throw e;
                Thread.sleep(250);
            }
        }
    }

    /**
     * Waits until the host answers that it waits for a cluster again (after it was stopped): false if it still runs or
     * does not answer at the deadline.
     */
    static boolean awaitWaiting(AdminChannel channel, long deadlineNanos) throws InterruptedException {
        while (true) {
            try {
                if (!ClusterHosts.state(channel).running()) return true;
            } catch (IOException e) {
                // its admin service restarts between the cluster and waiting again
            }
            if (System.nanoTime() >= deadlineNanos) return false;
            Thread.sleep(250);
        }
    }

    /** One request to one host; its answer on out (or err, as an error naming the host). */
    private static int report(
            String node, AdminChannel channel, AdminRequest request, PrintWriter out, PrintWriter err) {
        try {
            AdminReply r = channel.call(request);
            if (r.ok()) out.println(r.message());
            else err.println("error: " + r.message());
            out.flush();
            err.flush();
            return r.ok() ? ExitCodes.OK : r.exitCode();
        } catch (IOException e) {
            err.println("error: " + node + ": cannot reach " + channel.describe() + " (" + ClusterHosts.why(e)
                    + "): is hapcd running there?");
            err.flush();
            return ExitCodes.SYSTEM_FAILURE;
        }
    }

    private static AdminReply call(AdminChannel channel, AdminRequest request) {
        return ClusterCommand.call(channel, request);
    }
}
