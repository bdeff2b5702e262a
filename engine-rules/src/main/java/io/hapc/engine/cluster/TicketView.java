package io.hapc.engine.cluster;

/**
 * A ticket as one decision sees it (multi-site clusters: a ticket registry such as booth grants a
 * ticket to one site at a time). A ticket the status does not record has never been granted here.
 * standby: still granted, but being given up, so what depends on it stops or demotes.
 */
public record TicketView(String id, boolean granted, boolean standby) {
    /** What depends on the ticket must give it up: it is not granted, or it is in standby. */
    public boolean lost() {
        return !granted || standby;
    }

    /** Not granted (revoked, or never granted): only then do loss-policy fence and freeze apply. */
    public boolean revoked() {
        return !granted;
    }

    /** Why the ticket's dependents lose it, as explanations print it. */
    public String lossReason() {
        return "ticket " + id + (granted ? " is in standby" : " is not granted");
    }
}
