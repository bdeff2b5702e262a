package io.hapc.admin;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.agents.metadata.DefinitionCheck;
import io.hapc.model.cib.Durations;
import io.hapc.model.cib.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Agent names, meta-data lookups and parameter checks for resource and fencing device definitions. */
final class AgentChecks {
    private AgentChecks() {}

    static AgentId parse(String agent, String where) throws InvalidEditException {
        if (agent == null || agent.isBlank()) {
            throw new InvalidEditException(where + ": no agent given (e.g. ocf:heartbeat:Dummy, systemd:nginx)");
        }
        try {
            return AgentId.parse(agent);
        } catch (AgentException e) {
            throw new InvalidEditException(where + ": " + e.getMessage());
        }
    }

    static AgentMetadata metadata(EditContext ctx, AgentId agent, String where) throws InvalidEditException {
        try {
            return ctx.agents().metadata(agent);
        } catch (AgentException e) {
            throw new InvalidEditException(where + ": " + e.getMessage()
                    + " (if the agent is installed on other nodes only, add --force to skip the meta-data checks)");
        }
    }

    /**
     * Missing required parameters refuse the definition, naming each; unknown parameters are warnings.
     * `supplied` says which required parameters someone else provides (Pacemaker gives fence agents
     * the target through port/plug/nodename); `ownParameter` which unknown names are not the agent's business.
     */
    static void checkParams(
            AgentId agent,
            AgentMetadata md,
            Map<String, String> params,
            Set<String> supplied,
            Predicate<String> ownParameter,
            String where,
            Notes notes)
            throws InvalidEditException {
        Map<String, String> seen = new LinkedHashMap<>(params);
        supplied.stream().filter(s -> md.parameter(s).isPresent()).forEach(s -> seen.putIfAbsent(s, "(supplied)"));
        DefinitionCheck check = DefinitionCheck.of(agent.toString(), md, seen);
        if (!check.ok()) {
            throw new InvalidEditException(where + ": " + String.join("; ", check.errors())
                    + " (hapc resource describe " + agent + " lists the parameters)");
        }
        for (String w : check.warnings()) {
            boolean own = params.keySet().stream().anyMatch(p -> ownParameter.test(p) && w.contains("'" + p + "'"));
            if (!own) notes.warn(where + ": " + w);
        }
    }

    /**
     * The operations of a new resource: the ones given, plus — unless noDefaultOps — the agent's
     * advertised start, stop and monitor (and promote/demote for a promotable resource) where none of
     * that action was given, with the agent's timeouts and intervals. A resource without any monitor
     * gets `monitor interval=60s` (with --no-default-ops too, as pcs does), since without one a
     * failure would never be noticed.
     */
    static List<Operation> operations(
            String rscId,
            List<OpSpec> given,
            Optional<AgentMetadata> md,
            boolean noDefaultOps,
            Set<String> taken,
            Notes notes)
            throws InvalidEditException {
        List<Operation> ops = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (OpSpec s : given) ops.add(Values.operation(rscId, s, taken, warnings));
        warnings.forEach(notes::warn);
        requireDistinct(rscId, ops);
        Set<String> givenActions = new java.util.HashSet<>();
        given.forEach(s -> givenActions.add(s.action()));
        if (md.isPresent() && !noDefaultOps) {
            for (AgentMetadata.Action a : md.get().actions()) {
                if (!Set.of("start", "stop", "monitor").contains(a.name()) || givenActions.contains(a.name())) continue;
                if (a.role().isPresent()) continue; // role-specific monitors only for promotable clones
                Map<String, String> opts = new LinkedHashMap<>();
                a.interval().filter(AgentChecks::isDuration).ifPresent(i -> opts.put("interval", i));
                a.timeout().filter(AgentChecks::isDuration).ifPresent(t -> opts.put("timeout", t));
                if (!a.name().equals("monitor") && opts.isEmpty()) continue;
                if (a.name().equals("monitor")
                        && ops.stream().anyMatch(o -> o.name().equals("monitor"))) continue;
                ops.add(Values.operation(rscId, new OpSpec(a.name(), opts), taken, new ArrayList<>()));
            }
        }
        if (ops.stream().noneMatch(o -> o.name().equals("monitor"))) {
            ops.add(Values.operation(
                    rscId, new OpSpec("monitor", Map.of("interval", "60s")), taken, new ArrayList<>()));
        }
        return ops;
    }

    /** Pacemaker refuses two operations with the same action, interval and role. */
    static void requireDistinct(String rscId, List<Operation> ops) throws InvalidEditException {
        Set<String> keys = new java.util.HashSet<>();
        for (Operation o : ops) {
            String key = o.name() + "/" + o.intervalMs() + "/" + o.role();
            if (!keys.add(key)) {
                throw new InvalidEditException(
                        "resource " + rscId + ": two '" + o.name() + "' operations with interval "
                                + Durations.format(o.intervalMs())
                                + o.role().map(r -> " and role " + r.display()).orElse("")
                                + "; give each a different interval");
            }
        }
    }

    private static boolean isDuration(String text) {
        try {
            Durations.parseMillis(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
