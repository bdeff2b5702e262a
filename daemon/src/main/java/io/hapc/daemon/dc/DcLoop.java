package io.hapc.daemon.dc;

/**
 * What a part of the DC asks of the DC's own loop (all on the brain thread). The parts hold the
 * DC's knowledge by concern; the loop alone decides when to store, decide and dispatch.
 */
interface DcLoop {
    /** Something the DC knows changed: it must be stored, and a transition repeated after it is not a repeat. */
    void touch();

    /** The cluster changed: a new decision is due, and the running transition ends early. */
    void changed(String why);

    /** The DC's timer: overdue actions fail, joins time out. */
    void tick();

    /** Queues one settling step (store, grant shutdowns, decide, dispatch). */
    void afterEvent();

    /** The store refused this DC (a newer one exists): it stops acting at once. */
    void stepDown(String why);

    /** Whether this DC has resigned or stepped down. */
    boolean resigned();
}
