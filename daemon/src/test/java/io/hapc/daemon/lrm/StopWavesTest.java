package io.hapc.daemon.lrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Stops of a cut-off node: in order while there is time, all at once when the others may take over. */
class StopWavesTest {
    /** Each wave's stop, held open until the test ends it. */
    private final Map<String, CompletableFuture<Void>> begun = new LinkedHashMap<>();

    private CompletableFuture<Void> stop(String wave) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        begun.put(wave, f);
        return f;
    }

    @Test
    void aWaveBeginsOnlyWhenTheOneBeforeItHasEnded() {
        CompletableFuture<Void> all = StopWaves.run(List.of("web", "ip", "db"), this::stop, new CompletableFuture<>());
        assertEquals(List.of("web"), new ArrayList<>(begun.keySet()));
        begun.get("web").complete(null);
        assertEquals(List.of("web", "ip"), new ArrayList<>(begun.keySet()));
        begun.get("ip").completeExceptionally(new IllegalStateException("stop failed"));
        assertEquals(
                List.of("web", "ip", "db"),
                new ArrayList<>(begun.keySet()),
                "a failed wave does not hold back the next");
        assertFalse(all.isDone());
        begun.get("db").complete(null);
        assertTrue(all.isDone());
    }

    @Test
    void whenTheOthersMayTakeOverEveryWaveNotYetBegunBeginsAtOnceAndNoneTwice() {
        CompletableFuture<Void> takeover = new CompletableFuture<>();
        List<String> calls = new ArrayList<>();
        CompletableFuture<Void> all = StopWaves.run(
                List.of("web", "ip", "db"),
                w -> {
                    calls.add(w);
                    return stop(w);
                },
                takeover);
        assertEquals(List.of("web"), calls);
        takeover.complete(null);
        assertEquals(List.of("web", "ip", "db"), calls, "the rest at once, while the first is still stopping");
        begun.get("web").complete(null);
        begun.get("ip").complete(null);
        assertEquals(3, calls.size(), "a wave that began early is not begun again when the one before it ends");
        assertFalse(all.isDone(), "done only when every stop has ended");
        begun.get("db").complete(null);
        assertTrue(all.isDone());
    }

    @Test
    void aTakeoverAlreadyDueBeginsEverythingAtOnce() {
        StopWaves.run(List.of("web", "ip"), this::stop, CompletableFuture.completedFuture(null));
        assertEquals(List.of("web", "ip"), new ArrayList<>(begun.keySet()));
    }
}
