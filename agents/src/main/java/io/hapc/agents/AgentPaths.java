package io.hapc.agents;

import java.nio.file.Path;

/** Where agents are installed: OCF_ROOT, the LSB init directory, and where fence agents live. */
public record AgentPaths(Path ocfRoot, Path initDir, Path fenceAgentDir) {
    public static AgentPaths system() {
        return new AgentPaths(Path.of(System.getenv().getOrDefault("OCF_ROOT", "/usr/lib/ocf")), Path.of("/etc/init.d"),
                Path.of("/usr/sbin"));
    }
}
