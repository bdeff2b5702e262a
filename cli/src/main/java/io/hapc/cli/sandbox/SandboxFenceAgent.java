package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fence_hapc_sandbox: a fence agent, in the fence-agents convention, whose "power switch" is an
 * isolated sandbox's host. `off` is a power loss ({@link SandboxHosts#crash}), `on` boots the host
 * ({@link SandboxHosts#powerOn}), `reboot` both. Options come as key=value lines on stdin (`#`
 * comments, last duplicate wins, unknown keys ignored) or as `--action=X`/`-o X`, `--plug=N`/`-n N`.
 */
public final class SandboxFenceAgent {
    static final List<String> ACTIONS =
            List.of("off", "on", "reboot", "status", "list", "list-status", "monitor", "metadata", "validate-all");
    private final PrintStream out;
    private final PrintStream err;

    SandboxFenceAgent(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        if (args.length == 3 && args[0].equals("--sandbox-dir") && args[2].startsWith("--boot")) {
            System.exit(1); // malformed: --boot needs a node
        }
        if (args.length == 4 && args[0].equals("--sandbox-dir") && args[2].equals("--boot")) {
            // the second half of power-on, from the agent's shell: the host's namespace exists, its hapcd boots now
            try {
                SandboxHosts.of(Path.of(args[1])).boot(args[3]);
                System.exit(0);
            } catch (RuntimeException e) {
                System.err.println("fence_hapc_sandbox: booting " + args[3] + ": " + e.getMessage());
                System.exit(1);
            }
        }
        boolean fromCommandLine = parseArgs(args, options);
        if (!fromCommandLine) {
            // No action on the command line: the fencer speaks on stdin.
            options.putAll(parseStdin(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))));
        }
        int rc = new SandboxFenceAgent(System.out, System.err).run(options);
        System.out.flush();
        System.exit(rc);
    }

    /** Command-line options into `options`; true if they named an action (then stdin is not read). */
    static boolean parseArgs(String[] args, Map<String, String> options) {
        boolean action = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (a) {
                case "--sandbox-dir" -> {
                    options.put("sandbox_dir", value);
                    i++;
                }
                case "-o" -> {
                    options.put("action", value);
                    action = true;
                    i++;
                }
                case "-n" -> {
                    options.put("plug", value);
                    i++;
                }
                default -> {
                    if (a.startsWith("--action=")) {
                        options.put("action", a.substring(9));
                        action = true;
                    } else if (a.startsWith("--plug=")) options.put("plug", a.substring(7));
                    else if (a.startsWith("--port=")) options.put("plug", a.substring(7));
                    else if (a.startsWith("--sandbox-dir=")) options.put("sandbox_dir", a.substring(14));
                }
            }
        }
        return action;
    }

    /** key=value lines: `#` comments and blank lines skipped, the last duplicate wins, `port` is `plug`. */
    static Map<String, String> parseStdin(BufferedReader in) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) continue;
            String key = l.substring(0, l.indexOf('=')).strip();
            String value = l.substring(l.indexOf('=') + 1).strip();
            out.put(key.equals("port") ? "plug" : key, value);
        }
        return out;
    }

    int run(Map<String, String> options) {
        String action = options.getOrDefault("action", "reboot");
        if (action.equals("metadata")) {
            out.print(metadata());
            return 0;
        }
        if (!ACTIONS.contains(action)) {
            err.println("fence_hapc_sandbox: unknown action '" + action + "' (" + String.join(", ", ACTIONS) + ")");
            return 1;
        }
        String dir = options.get("sandbox_dir");
        if (dir == null || dir.isBlank()) {
            err.println("fence_hapc_sandbox: no sandbox_dir (the isolated sandbox's directory)");
            return 1;
        }
        try {
            SandboxHosts hosts = SandboxHosts.of(Path.of(dir));
            String plug = options.getOrDefault("plug", options.getOrDefault("nodename", ""));
            switch (action) {
                case "monitor" -> {
                    return NetworkNamespaces.exists(hosts.network().lanNamespace()) ? 0 : 1;
                }
                case "list", "list-status" -> {
                    for (IsolatedNetwork.Link h : hosts.network().hosts()) {
                        out.println(h.name() + "," + h.address()
                                + (action.equals("list") ? "" : "," + (hosts.isOn(h.name()) ? "on" : "off")));
                    }
                    return 0;
                }
                default -> {}
            }
            if (plug.isBlank()) {
                err.println("fence_hapc_sandbox: " + action + " needs plug (or port): which host");
                return 1;
            }
            hosts.network().host(plug); // an unknown host is a clear failure, for every action below
            if (plug.equals("client")) {
                err.println("fence_hapc_sandbox: the client has no power switch here");
                return 1;
            }
            switch (action) {
                case "validate-all" -> {
                    return 0;
                }
                case "status" -> {
                    boolean on = hosts.isOn(plug);
                    out.println("Status: " + (on ? "ON" : "OFF"));
                    return on ? 0 : 2;
                }
                case "off" -> {
                    hosts.crash(plug);
                    err.println("Success: Powered OFF " + plug);
                    return hosts.isOn(plug) ? 1 : 0;
                }
                case "on" -> {
                    if (!hosts.isOn(plug)) hosts.powerOn(plug);
                    err.println("Success: Powered ON " + plug);
                    return hosts.isOn(plug) ? 0 : 1;
                }
                case "reboot" -> {
                    hosts.crash(plug);
                    if (hosts.isOn(plug)) return 1;
                    try {
                        hosts.powerOn(plug);
                    } catch (RuntimeException e) {
                        // the off part is what fencing needs; the node stays down
                        err.println("fence_hapc_sandbox: " + plug + " is off, but did not power on again: "
                                + e.getMessage());
                    }
                    err.println("Success: Rebooted " + plug);
                    return 0;
                }
                default -> throw new IllegalStateException(action);
            }
        } catch (CommandFailure e) {
            err.println("fence_hapc_sandbox: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("fence_hapc_sandbox: " + action + " failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("fence_hapc_sandbox: interrupted");
            return 1;
        }
    }

    static String metadata() {
        StringBuilder sb = new StringBuilder("""
                <?xml version="1.0" ?>
                <resource-agent name="fence_hapc_sandbox" shortdesc="Power switch of an isolated hapc sandbox's hosts" >
                <longdesc>Powers a host of an isolated hapc sandbox (hapc sandbox start --isolate) off and on: off is a power loss (its link goes down, every process of the host is killed at once, its network namespace and addresses go), on boots it again (its hapcd starts and rejoins).</longdesc>
                <vendor-url>https://hapc.invalid/</vendor-url>
                <parameters>
                	<parameter name="action" unique="0" required="1">
                		<getopt mixed="-o, --action=[action]" />
                		<content type="string" default="reboot"  />
                		<shortdesc lang="en">Fencing action</shortdesc>
                	</parameter>
                	<parameter name="plug" unique="0" required="0" obsoletes="port">
                		<getopt mixed="-n, --plug=[host]" />
                		<content type="string"  />
                		<shortdesc lang="en">The host: a sandbox node name (the fencer passes the node being fenced)</shortdesc>
                	</parameter>
                	<parameter name="port" unique="0" required="0" deprecated="1">
                		<getopt mixed="-n, --plug=[host]" />
                		<content type="string"  />
                		<shortdesc lang="en">The host (old name of plug)</shortdesc>
                	</parameter>
                	<parameter name="sandbox_dir" unique="0" required="0">
                		<getopt mixed="--sandbox-dir=[dir]" />
                		<content type="string"  />
                		<shortdesc lang="en">The isolated sandbox's directory (default: the sandbox that installed this agent)</shortdesc>
                	</parameter>
                </parameters>
                <actions>
                """);
        for (String a : ACTIONS) sb.append("\t<action name=\"").append(a).append("\" />\n");
        sb.append("</actions>\n</resource-agent>\n");
        return sb.toString();
    }
}
