package io.hapc.agents.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a resource definition against its agent's meta-data before anything runs: a required
 * parameter that is missing is an error naming it; a parameter the agent does not know is a warning.
 */
public record DefinitionCheck(List<String> errors, List<String> warnings) {
    public DefinitionCheck {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public static DefinitionCheck of(String agent, AgentMetadata md, Map<String, String> params) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (AgentMetadata.Parameter p : md.parameters()) {
            if (p.required() && p.defaultValue().filter(d -> !d.isEmpty()).isEmpty() && !params.containsKey(p.name())) {
                errors.add(agent + ": required parameter '" + p.name() + "' is missing (" + p.shortdesc() + "); add "
                        + p.name() + "=VALUE");
            }
        }
        for (String name : params.keySet()) {
            if (md.parameter(name).isEmpty()) {
                warnings.add(agent + ": unknown parameter '" + name + "' (the agent's parameters: "
                        + String.join(
                                ", ",
                                md.parameters().stream()
                                        .map(AgentMetadata.Parameter::name)
                                        .toList()) + ")");
            }
        }
        return new DefinitionCheck(errors, warnings);
    }
}
