package io.hapc.agents;

/** A request that cannot be run: unknown agent, missing parameter, agent not executable. The message says how to fix it. */
public class AgentException extends RuntimeException {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
