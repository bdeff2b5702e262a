package io.hapc.agents;

import java.nio.file.Path;

/**
 * Where one node's agents keep their state, so several simulated nodes can share one machine:
 * HA_RSCTMP (Dummy's state files live there), a state directory and a log directory.
 */
public record NodeIsolation(
        String nodeName, Path rscTmp, Path stateDir, Path logDir, java.util.Optional<String> networkNamespace) {
    public NodeIsolation(String nodeName, Path rscTmp, Path stateDir, Path logDir) {
        this(nodeName, rscTmp, stateDir, logDir, java.util.Optional.empty());
    }

    /** The same node, its agents run inside network namespace `ns` (several "hosts" on one machine). */
    public NodeIsolation inNamespace(String ns) {
        return new NodeIsolation(nodeName, rscTmp, stateDir, logDir, java.util.Optional.of(ns));
    }

    /** The defaults of a real node: /run/resource-agents, /var/lib/hapc, /var/log/hapc. */
    public static NodeIsolation system(String nodeName) {
        return new NodeIsolation(
                nodeName, Path.of("/run/resource-agents"), Path.of("/var/lib/hapc"), Path.of("/var/log/hapc"));
    }

    /** Everything below one directory (the sandbox and tests). */
    public static NodeIsolation under(String nodeName, Path base) {
        return new NodeIsolation(nodeName, base.resolve("rsctmp"), base.resolve("state"), base.resolve("log"));
    }
}
