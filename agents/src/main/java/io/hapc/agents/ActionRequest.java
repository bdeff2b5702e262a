package io.hapc.agents;

import java.time.Duration;
import java.util.Map;

/** One action for one resource: `start`, `stop`, `monitor` (intervalMs 0 = probe), `promote`, … */
public record ActionRequest(
        String resourceId,
        AgentId agent,
        String action,
        Map<String, String> params,
        Map<String, String> meta,
        long intervalMs,
        Duration timeout) {
    public ActionRequest {
        params = Map.copyOf(params);
        meta = Map.copyOf(meta);
    }

    public static ActionRequest of(String resourceId, AgentId agent, String action, Map<String, String> params) {
        return new ActionRequest(resourceId, agent, action, params, Map.of(), 0, Duration.ofSeconds(20));
    }
}
