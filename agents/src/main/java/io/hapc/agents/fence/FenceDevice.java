package io.hapc.agents.fence;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configured fencing device: a fence agent (`fence_dummy`, `fence_ipmilan`, …) and its
 * parameters, including Pacemaker's pcmk_host_map / pcmk_host_list / pcmk_host_check and
 * pcmk_delay_base / pcmk_delay_max, and per-action timeouts (pcmk_off_timeout, …).
 */
public record FenceDevice(String id, String agent, Map<String, String> params) {
    public FenceDevice {
        params = Map.copyOf(params);
    }

    /** pcmk_host_map "node1:port1;node2:port2" (also "," or space separated). */
    public Map<String, String> hostMap() {
        Map<String, String> out = new LinkedHashMap<>();
        String map = params.getOrDefault("pcmk_host_map", "");
        for (String entry : map.split("[;,\\s]+")) {
            int colon = entry.indexOf(':');
            if (colon > 0) out.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return out;
    }

    public List<String> hostList() {
        String list = params.getOrDefault("pcmk_host_list", "").trim();
        return list.isEmpty() ? List.of() : List.of(list.split("[;,\\s]+"));
    }

    /** static-list (the default when a list or map is given), dynamic-list, status or none. */
    public String hostCheck() {
        return params.getOrDefault(
                "pcmk_host_check", hostList().isEmpty() && hostMap().isEmpty() ? "dynamic-list" : "static-list");
    }

    public Duration timeout(String action) {
        String t = params.getOrDefault("pcmk_" + action + "_timeout", params.getOrDefault("timeout", "20s"));
        return Duration.ofMillis(io.hapc.model.cib.Durations.parseMillis(t));
    }

    public Duration delayBase() {
        return Optional.ofNullable(params.get("pcmk_delay_base"))
                .map(io.hapc.model.cib.Durations::parseMillis)
                .map(Duration::ofMillis)
                .orElse(Duration.ZERO);
    }

    public Duration delayMax() {
        return Optional.ofNullable(params.get("pcmk_delay_max"))
                .map(io.hapc.model.cib.Durations::parseMillis)
                .map(Duration::ofMillis)
                .orElse(Duration.ZERO);
    }

    /** The agent's own parameters: Pacemaker's pcmk_* keys are for the fencer, not the agent. */
    public Map<String, String> agentParams() {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!k.startsWith("pcmk_") && !k.equals("timeout")) out.put(k, v);
        });
        return out;
    }
}
