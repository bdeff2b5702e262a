package io.hapc.engine.facts;

/** How strictly an order edge binds. */
public enum OrderKind {
    /** `then` may not run its action unless `first` can; a restart of `first` restarts `then`. */
    MANDATORY,
    /** Only orders actions that happen in the same transition anyway. */
    OPTIONAL,
    /** The two never run their actions at the same time, in either order. */
    SERIALIZE
}
