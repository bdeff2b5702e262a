package io.hapc.daemon;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/** For futures nobody waits on: what they fail with reaches the log instead of vanishing with them. */
public final class Futures {
    private Futures() {}

    /** Logs `future`'s failure, if it fails, as `what` failing. */
    @SuppressWarnings("FutureReturnValueIgnored") // the logging stage is the end of the chain
    public static void logFailure(CompletableFuture<?> future, Logger log, String what) {
        future.whenComplete((v, e) -> {
            if (e != null) log.error("{} failed", what, e);
        });
    }
}
