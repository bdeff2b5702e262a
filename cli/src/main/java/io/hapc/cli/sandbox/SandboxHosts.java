package io.hapc.cli.sandbox;

import io.hapc.agents.AgentPaths;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.IsolatedNetwork.Link;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The hosts of an isolated sandbox as machines: how one boots (a network namespace cabled to the
 * bridge, then hapcd in a mount namespace of its own with a private /run, /tmp, /var/tmp and
 * /var/log, and its own hostname), how it loses power (cable pulled, every process killed at once,
 * its namespace and volatile addresses gone) and how it powers on again.
 */
public final class SandboxHosts {
    static final String FENCE_AGENT = "fence_hapc_sandbox";
    private final Path base;
    private final IsolatedNetwork net;
    private final Optional<Path> installation;

    public SandboxHosts(Path base, IsolatedNetwork net) {
        this(base, net, IsolationSupport.installationUnderPrivateTmp());
    }

    /** `installation`: a directory under /tmp or /var/tmp holding hapc, bound again over each host's private one. */
    SandboxHosts(Path base, IsolatedNetwork net, Optional<Path> installation) {
        this.base = base;
        this.net = net;
        this.installation = installation;
    }

    /** The sandbox in `base`, which must be isolated. */
    public static SandboxHosts of(Path base) throws IOException {
        IsolatedNetwork net = IsolatedNetwork.read(base)
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "the sandbox in " + base + " is not isolated (its nodes share this machine's network): "
                                + "start one with `hapc sandbox start --isolate` (as root)"));
        return new SandboxHosts(base, net);
    }

    public IsolatedNetwork network() {
        return net;
    }

    /** On: the host's namespace exists (power-off removes it). */
    public boolean isOn(String node) {
        return NetworkNamespaces.exists(net.host(node).namespace());
    }

    /**
     * The command that boots `node`'s host around `hapcd` (its java command line, run with `exec`
     * at the end so the recorded pid is hapcd's own).
     */
    List<String> bootCommand(String node, List<String> hapcd) throws IOException {
        Link host = net.host(node);
        Path varLog = hostDir(node).resolve("var-log");
        copyDirectorySkeleton(Path.of("/var/log"), varLog);
        Path hosts = hostDir(node).resolve("hosts");
        Files.writeString(hosts, hostsFile(node), StandardCharsets.UTF_8);
        StringBuilder script = new StringBuilder("set -e\n");
        // Opened before anything is mounted over them: the sandbox's directory may live under /tmp or /run.
        script.append("exec 3<")
                .append(quote(base.toString()))
                .append(" 4<")
                .append(quote(varLog.toString()))
                .append(" 5<")
                .append(quote(hosts.toString()));
        installation.ifPresent(dir -> script.append(" 6<").append(quote(dir.toString())));
        script.append('\n');
        script.append("mount -t tmpfs -o mode=0755 hapc-run /run\n");
        script.append("mkdir -p /run/lock && chmod 1777 /run/lock\n");
        for (String dir : List.of("/var/run", "/var/lock")) {
            // Debian links them to /run; a system where they are real directories gets them private too
            if (Files.isDirectory(Path.of(dir)) && !Files.isSymbolicLink(Path.of(dir))) {
                script.append("mount -t tmpfs -o mode=0755 hapc-run ")
                        .append(dir)
                        .append('\n');
            }
        }
        script.append("mount -t tmpfs -o mode=1777 hapc-tmp /tmp\n");
        script.append("mount -t tmpfs -o mode=1777 hapc-tmp /var/tmp\n");
        // --no-canonicalize: mount must bind what the descriptor holds, not the path it had (now mounted over)
        script.append("mount --no-canonicalize --bind /proc/self/fd/4 /var/log\n");
        script.append("mount --no-canonicalize --bind /proc/self/fd/5 /etc/hosts\n");
        script.append("mkdir -p ").append(quote(base.toString())).append('\n');
        script.append("mount --no-canonicalize --bind /proc/self/fd/3 ")
                .append(quote(base.toString()))
                .append('\n');
        // A hapc unpacked or cloned under /tmp (its jars, bin/, agents): seen again over the private /tmp.
        if (installation.isPresent()) {
            script.append("mkdir -p ")
                    .append(quote(installation.get().toString()))
                    .append('\n');
            script.append("mount --no-canonicalize --bind /proc/self/fd/6 ")
                    .append(quote(installation.get().toString()))
                    .append('\n');
        }
        script.append("exec 3<&- 4<&- 5<&- 6<&-\n");
        script.append("hostname ").append(quote(node)).append('\n');
        script.append("export ")
                .append(AgentPaths.FENCE_AGENT_DIR_ENV)
                .append('=')
                .append(quote(fenceAgentDir().toString()))
                .append('\n');
        script.append("exec \"$@\"\n");
        List<String> cmd = new ArrayList<>(List.of(
                "setsid",
                "ip",
                "netns",
                "exec",
                host.namespace(),
                "unshare",
                "--mount",
                "--uts",
                "--propagation",
                "private",
                "sh",
                "-c",
                script.toString(),
                "hapc-host-" + node));
        cmd.addAll(hapcd.get(0).equals("setsid") ? hapcd.subList(1, hapcd.size()) : hapcd);
        return cmd;
    }

    /** The host's /etc/hosts: itself, and every other host and the client by name, as on a small LAN. */
    String hostsFile(String node) {
        StringBuilder sb =
                new StringBuilder("# written by hapc sandbox start for " + node + "\n127.0.0.1\tlocalhost\n");
        for (Link h : net.hosts())
            sb.append(h.address()).append('\t').append(h.name()).append('\n');
        sb.append(net.client().address()).append("\tclient\n");
        return sb.toString();
    }

    Path hostDir(String node) {
        return base.resolve(node).resolve("host");
    }

    /** The directories (not the files) of the system's /var/log: services find their log directories as installed. */
    private static void copyDirectorySkeleton(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> dirs = Files.walk(from, 2)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable corner of /var/log only costs that service its log directory
        }
    }

    /** Where the hosts' hapcd find fence agents: the system's, plus this sandbox's power switch. */
    Path fenceAgentDir() {
        return base.resolve("fence-agents");
    }

    /**
     * Writes DIR/fence-agents: links to every installed fence_* agent and fence_hapc_sandbox, which
     * runs {@link SandboxFenceAgent} in the mount and network namespaces of `rootPid` (a process the
     * sandbox started outside the hosts: power is switched from outside, where the namespaces are visible).
     */
    void writeFenceAgents(long rootPid) throws IOException {
        Path dir = fenceAgentDir();
        Files.createDirectories(dir);
        try (Stream<Path> installed = Files.list(Path.of("/usr/sbin"))) {
            for (Path a : (Iterable<Path>)
                    installed.filter(p -> p.getFileName().toString().startsWith("fence_"))::iterator) {
                Path link = dir.resolve(a.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, a);
            }
        } catch (IOException e) {
            // no fence agents installed: fence_hapc_sandbox alone
        }
        Path agent = dir.resolve(FENCE_AGENT);
        Files.writeString(agent, fenceAgentScript(rootPid), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * fence_hapc_sandbox itself. The fencer waits for every fence action, and a JVM costs ~0.5 s or more
     * per start on a busy machine, so what fencing waits for is plain shell: status, off, and the first
     * half of on (a fresh namespace cabled to the bridge: the host reads "on" from then). Booting its
     * hapcd (which must be recorded in sandbox.json) goes to {@link SandboxFenceAgent} in the
     * background; everything else (metadata, list, monitor, validate-all, command-line use) to it in
     * the foreground. The script re-runs itself in the mount and network namespaces of `rootPid`,
     * outside the hosts: their /run is their own (the namespaces are not visible there), and a power
     * switch is not a process of the host that asks it, so a host powered off while its fencer's
     * request runs (two nodes fencing each other at once) does not stop the switch halfway, its target
     * unplugged with every process still alive; as with a real switch, both requests complete.
     */
    String fenceAgentScript(long rootPid) {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String java = quote(javaBin) + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
                + " -Dslf4j.provider=org.slf4j.nop.NOPServiceProvider -Dslf4j.internal.verbosity=WARN -cp "
                + quote(System.getProperty("java.class.path")) + " " + SandboxFenceAgent.class.getName()
                + " --sandbox-dir " + quote(base.toString());
        String lan = quote(net.lanNamespace());
        StringBuilder hosts = new StringBuilder();
        for (Link h : net.hosts()) {
            hosts.append("    ")
                    .append(quote(h.name()))
                    .append(") ns=")
                    .append(quote(h.namespace()))
                    .append("; port=")
                    .append(quote(h.bridgePort()))
                    .append("; addr=")
                    .append(quote(h.address()))
                    .append(" ;;\n");
        }
        return "#!/bin/sh\n"
                + "# " + FENCE_AGENT + ": the power switch of the isolated hapc sandbox in " + base
                + " (written by hapc sandbox start)\n"
                + "if [ -z \"$HAPC_SANDBOX_SWITCH\" ]; then\n"
                + "  HAPC_SANDBOX_SWITCH=1 exec nsenter --mount=/proc/" + rootPid + "/ns/mnt --net=/proc/" + rootPid
                + "/ns/net -- \"$0\" \"$@\"\n"
                + "fi\n"
                // the fencer that asked may be gone before the switch answers (its host powered off meanwhile)
                + "trap '' PIPE\n"
                + "[ $# -gt 0 ] && exec " + java + " \"$@\"\n"
                + "input=$(cat)\n"
                + "action=reboot; plug=; other=\n"
                + "while IFS= read -r line; do\n"
                + "  case \"$line\" in\n"
                + "    action=*) action=${line#action=} ;;\n"
                + "    port=*|plug=*) plug=${line#*=} ;;\n"
                + "    sandbox_dir=*|nodename=*) other=1 ;;\n"
                + "  esac\n"
                + "done <<EOF\n$input\nEOF\n"
                + "ns=\n"
                + "case \"$plug\" in\n" + hosts + "esac\n"
                // a pipeline's last command runs in a subshell: `exec` there would not end this script
                + "if [ -n \"$other\" ] || [ -z \"$ns\" ]; then printf '%s\\n' \"$input\" | " + java + "; exit $?; fi\n"
                + "off() {\n"
                + "  ip -n " + lan + " link set \"$port\" down 2>/dev/null\n"
                + "  i=0\n"
                + "  while [ $i -lt 250 ]; do\n"
                + "    pids=$(ip netns pids \"$ns\" 2>/dev/null | grep -vx \"$$\")\n" // never itself (a DC fencing
                // itself)
                + "    [ -z \"$pids\" ] && break\n"
                + "    kill -9 $pids 2>/dev/null\n"
                + "    sleep 0.02; i=$((i+1))\n"
                + "  done\n"
                + "  ip -n " + lan + " link del \"$port\" 2>/dev/null\n"
                + "  [ ! -e \"/run/netns/$ns\" ] || ip netns del \"$ns\"\n"
                + "  [ ! -e \"/run/netns/$ns\" ]\n"
                + "}\n"
                + "on() {\n"
                + "  [ -e \"/run/netns/$ns\" ] && return 0\n"
                + "  ip netns add \"$ns\" && ip -n \"$ns\" link set lo up \\\n"
                + "    && ip -n " + lan + " link add \"$port\" type veth peer name eth0 netns \"$ns\" \\\n"
                + "    && ip -n " + lan + " link set \"$port\" master " + IsolatedNetwork.BRIDGE + " up \\\n"
                + "    && ip -n \"$ns\" addr add \"$addr/" + net.prefixLength()
                + "\" dev eth0 && ip -n \"$ns\" link set eth0 up || return 1\n"
                + "  # its hapcd boots in the background, out of the fencer's pipes\n"
                + "  setsid " + java + " --boot \"$plug\" </dev/null >>"
                + quote(base.resolve("fence-agents/boot.log").toString()) + " 2>&1 &\n"
                + "}\n"
                + "case \"$action\" in\n"
                + "  status) if [ -e \"/run/netns/$ns\" ]; then echo 'Status: ON'; exit 0; else echo 'Status: OFF'; exit 2; fi ;;\n"
                + "  off) off && { echo \"Success: Powered OFF $plug\" >&2; exit 0; }; exit 1 ;;\n"
                + "  on) on && { echo \"Success: Powered ON $plug\" >&2; exit 0; }; exit 1 ;;\n"
                + "  reboot) off || exit 1; on || echo \"$plug is off, but did not power on again\" >&2; echo \"Success: Rebooted $plug\" >&2; exit 0 ;;\n"
                + "  *) printf '%s\\n' \"$input\" | " + java + "; exit $? ;;\n"
                + "esac\n";
    }

    /** Power loss: the cable goes first (silence at once), then every process of the host, then its namespace. */
    public void crash(String node) throws InterruptedException {
        Link host = net.host(node);
        if (host == net.client()) throw new CommandFailure(ExitCodes.INVALID_INPUT, "the client is not a cluster node");
        NetworkNamespaces.unplug(net, host);
        NetworkNamespaces.killAll(host.namespace());
        NetworkNamespaces.remove(net, host);
    }

    /** Boots the host again: a fresh namespace (nothing kept from before the power loss) and its hapcd, which rejoins. */
    public Sandbox powerOn(String node) throws IOException, InterruptedException {
        Link host = net.host(node);
        if (host == net.client()) throw new CommandFailure(ExitCodes.INVALID_INPUT, "the client is not a cluster node");
        Sandbox sandbox = Sandbox.read(base)
                .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID_INPUT, "no sandbox in " + base));
        Sandbox.Node n = sandbox.nodes().stream()
                .filter(x -> x.node().equals(node))
                .findFirst()
                .orElseThrow();
        if (isOn(node)) {
            if (!NetworkNamespaces.pids(host.namespace()).isEmpty()) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        node + " is already powered on"
                                + (Sandbox.alive(n.pid(), n.command())
                                        ? " (hapcd pid " + n.pid() + ")"
                                        : " (its hapcd is not running: " + "`hapc sandbox crash " + node
                                                + "` first to reboot it)"));
            }
            NetworkNamespaces.remove(net, host); // left without a process: boot it from scratch
        }
        NetworkNamespaces.plugIn(net, host);
        return boot(node);
    }

    /** Starts the hapcd of a host whose namespace was just made (by {@link #powerOn} or by the fence agent's shell), recording its pid. */
    public Sandbox boot(String node) throws IOException {
        // one boot at a time: its check that no hapcd runs, the launch and the record are one step
        java.nio.channels.FileLock lock = Sandbox.lock(base);
        try (java.nio.channels.FileChannel released = lock.channel()) {
            return bootLocked(node);
        }
    }

    private Sandbox bootLocked(String node) throws IOException {
        Link host = net.host(node);
        Sandbox sandbox = Sandbox.read(base)
                .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID_INPUT, "no sandbox in " + base));
        Sandbox.Node n = sandbox.nodes().stream()
                .filter(x -> x.node().equals(node))
                .findFirst()
                .orElseThrow();
        if (!NetworkNamespaces.exists(host.namespace()))
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT, node + " is powered off (`hapc sandbox power-on " + node + "`)");
        if (Sandbox.alive(n.pid(), n.command()))
            throw new CommandFailure(ExitCodes.INVALID_INPUT, node + "'s hapcd already runs (pid " + n.pid() + ")");
        long pid = Sandbox.launch(bootCommand(node, n.command()), n.log());
        Sandbox updated =
                sandbox.withNode(new Sandbox.Node(n.node(), pid, n.socket(), n.config(), n.command(), n.log()));
        updated.write();
        return updated;
    }

    /** The command that runs `cmd` inside `name`'s host (its network and, while it runs anything, its mount namespace). */
    public List<String> execCommand(String name, List<String> cmd) {
        Link host = net.host(name);
        if (!NetworkNamespaces.exists(host.namespace())) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT, name + " is powered off (`hapc sandbox power-on " + name + "`)");
        }
        List<String> out = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + host.namespace()));
        // the host's mount namespace is its hapcd's (or, that one killed, any process still running there)
        Optional<Long> any = Optional.empty();
        if (host != net.client()) {
            List<Long> pids = NetworkNamespaces.pids(host.namespace());
            Optional<Long> hapcd = hapcdPid(name).filter(pids::contains);
            any = hapcd.isPresent() ? hapcd : pids.stream().findFirst();
        }
        any.ifPresent(pid -> out.addAll(List.of("--mount=/proc/" + pid + "/ns/mnt", "--uts=/proc/" + pid + "/ns/uts")));
        out.add("--");
        out.addAll(cmd);
        return out;
    }

    private Optional<Long> hapcdPid(String node) {
        try {
            return Sandbox.read(base)
                    .flatMap(s -> s.nodes().stream()
                            .filter(n -> n.node().equals(node))
                            .findFirst())
                    .map(Sandbox.Node::pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
