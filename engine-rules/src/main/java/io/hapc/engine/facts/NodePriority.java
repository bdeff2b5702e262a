package io.hapc.engine.facts;

/**
 * How much a cluster node matters by what it runs now: the sum of the priority meta attribute of the
 * resources active there, a promoted instance counting one more when its priority is not 0 (as
 * Pacemaker counts it for priority-fencing-delay).
 */
public record NodePriority(String node, int priority) {}
