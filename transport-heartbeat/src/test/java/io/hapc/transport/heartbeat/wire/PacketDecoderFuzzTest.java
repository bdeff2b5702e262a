package io.hapc.transport.heartbeat.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the inbound path (see {@link PacketDecoderFuzzTarget} for the inputs and the invariants). In
 * `mvn verify` it fuzzes for 10 s (JAZZER_FUZZ=1 is set by the pom); with -Djazzer.fuzz=0 it only replays
 * its seeds; bench/fuzz-heartbeat.sh fuzzes the same target for millions of inputs.
 */
class PacketDecoderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void theInboundPathNeverThrowsAndAcceptsOnlyWhatThePeerSealed(FuzzedDataProvider data) {
        PacketDecoderFuzzTarget.fuzzerTestOneInput(data);
    }
}
