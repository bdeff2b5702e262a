package io.hapc.agents;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** An agent as Pacemaker names it: `ocf:heartbeat:IPaddr2`, `lsb:apache2`, `systemd:nginx`, `service:foo`, `stonith:fence_dummy`. */
public record AgentId(String standard, Optional<String> provider, String type) {
    public static final Set<String> STANDARDS = Set.of("ocf", "lsb", "systemd", "service", "stonith");

    public static AgentId parse(String spec) {
        String[] parts = spec.split(":", 3);
        String standard = parts[0].toLowerCase(Locale.ROOT);
        if (!STANDARDS.contains(standard)) {
            throw new AgentException("unknown agent standard '" + parts[0] + "' in '" + spec
                    + "' (expected ocf:PROVIDER:TYPE, lsb:TYPE, systemd:TYPE, service:TYPE or stonith:TYPE)");
        }
        if (standard.equals("ocf")) {
            if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
                throw new AgentException(
                        "'" + spec + "': an OCF agent is named ocf:PROVIDER:TYPE, e.g. ocf:heartbeat:Dummy");
            }
            return new AgentId(standard, Optional.of(parts[1]), parts[2]);
        }
        if (parts.length != 2 || parts[1].isBlank()) {
            throw new AgentException("'" + spec + "': expected " + standard + ":TYPE");
        }
        return new AgentId(standard, Optional.empty(), parts[1]);
    }

    @Override
    public String toString() {
        return provider.map(p -> standard + ":" + p + ":" + type).orElse(standard + ":" + type);
    }
}
