package io.hapc.engine.facts;

import io.hapc.model.cib.Constraint.LossPolicy;

/**
 * One resource an rsc_ticket makes depend on its ticket: `resource` (a primitive, group or clone
 * id), only in the promoted role when promotedOnly (rsc-role or the set's role is Promoted), with
 * the constraint's loss-policy (stop when it has none).
 */
public record TicketDependent(
        String constraint, String ticket, String resource, boolean promotedOnly, LossPolicy lossPolicy) {
    /** How explanations name the dependency: "rsc_ticket rsc1-dep-ticketA, loss-policy=stop". */
    public String source() {
        return "rsc_ticket " + constraint + ", loss-policy=" + lossPolicy.xml();
    }
}
