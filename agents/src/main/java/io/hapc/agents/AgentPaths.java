package io.hapc.agents;

import java.nio.file.Path;

/**
 * Where agents are installed: OCF_ROOT, the LSB init directory, and where fence agents live
 * (/usr/sbin, or HAPC_FENCE_AGENT_DIR: an isolated sandbox's hosts get a directory holding the
 * system's fence agents plus the sandbox's own power switch, fence_hapc_sandbox).
 */
public record AgentPaths(Path ocfRoot, Path initDir, Path fenceAgentDir) {
    public static final String FENCE_AGENT_DIR_ENV = "HAPC_FENCE_AGENT_DIR";

    public static AgentPaths system() {
        String fenceDir = System.getenv(FENCE_AGENT_DIR_ENV);
        return new AgentPaths(
                Path.of(System.getenv().getOrDefault("OCF_ROOT", "/usr/lib/ocf")),
                Path.of("/etc/init.d"),
                Path.of(fenceDir == null || fenceDir.isBlank() ? "/usr/sbin" : fenceDir));
    }
}
