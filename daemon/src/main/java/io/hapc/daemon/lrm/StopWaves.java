package io.hapc.daemon.lrm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs stops wave after wave: a wave begins when the one before it has ended, or when {@code hurry}
 * completes, whichever comes first; after {@code hurry} every wave not yet begun begins at once.
 */
final class StopWaves {
    private StopWaves() {}

    /** Completes when every wave has ended. */
    @SuppressWarnings("FutureReturnValueIgnored") // the chains feed the futures returned
    static <W> CompletableFuture<Void> run(
            List<W> waves, Function<W, CompletableFuture<Void>> stop, CompletableFuture<Void> hurry) {
        List<CompletableFuture<Void>> begins = new ArrayList<>();
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        for (W wave : waves) {
            CompletableFuture<Void> begin = new CompletableFuture<>();
            ended(previous).thenRun(() -> begin.complete(null));
            // A future begins its wave once, however the two triggers race.
            CompletableFuture<Void> end = begin.thenCompose(x -> stop.apply(wave));
            begins.add(begin);
            ended.add(end);
            previous = end;
        }
        ended(hurry).thenRun(() -> begins.forEach(b -> b.complete(null)));
        return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new));
    }

    /** A wave that failed still lets the next one begin. */
    private static CompletableFuture<Void> ended(CompletableFuture<Void> f) {
        return f.handle((v, e) -> null);
    }
}
