package io.hapc.agents.metadata;

import java.util.List;
import java.util.Optional;

/** An agent's meta-data: what it is, its parameters and actions (OCF / fence-agents XML). */
public record AgentMetadata(
        String name, String shortdesc, String longdesc, List<Parameter> parameters, List<Action> actions) {
    public AgentMetadata {
        parameters = List.copyOf(parameters);
        actions = List.copyOf(actions);
    }

    public record Parameter(
            String name,
            boolean required,
            boolean unique,
            Optional<String> defaultValue,
            String shortdesc,
            String type) {}

    public record Action(String name, Optional<String> timeout, Optional<String> interval, Optional<String> role) {}

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
