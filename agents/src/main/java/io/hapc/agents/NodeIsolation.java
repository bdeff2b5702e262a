package io.hapc.agents;

import java.nio.file.Path;

/**
 * Where one node's agents keep their state, so several simulated nodes can share one machine:
 * HA_RSCTMP (Dummy's state files live there), a state directory and a log directory.
 */
public record NodeIsolation(String nodeName, Path rscTmp, Path stateDir, Path logDir) {
    /** The defaults of a real node: /run/resource-agents, /var/lib/hapc, /var/log/hapc. */
    public static NodeIsolation system(String nodeName) {
        return new NodeIsolation(nodeName, Path.of("/run/resource-agents"), Path.of("/var/lib/hapc"), Path.of("/var/log/hapc"));
    }

    /** Everything below one directory (the sandbox and tests). */
    public static NodeIsolation under(String nodeName, Path base) {
        return new NodeIsolation(nodeName, base.resolve("rsctmp"), base.resolve("state"), base.resolve("log"));
    }
}
