package io.hapc.transport.heartbeat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.transport.Leadership;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link DcChoice}. */
class DcChoiceTest {
    private static DcChoice decide(
            String local, boolean joined, boolean suspended, boolean seenBoth, long claim, long max, long peerClaim) {
        return DcChoice.decide(new DcChoice.Facts(
                local, local.equals("n1") ? "n2" : "n1", joined, suspended, seenBoth, claim, max, peerClaim));
    }

    @Test
    void waitForAll_aNodeThatNeverSawItsPeerHasNoDc() {
        assertEquals(new DcChoice(0, 4, Optional.empty()), decide("n1", false, false, false, 0, 4, 0));
    }

    @Test
    void twoNode_aNodeAloneAfterBothWereSeenBecomesDcWithANewEpochOrKeepsItsOwn() {
        assertEquals(
                Optional.of(new Leadership("n2", 5)),
                decide("n2", false, false, true, 0, 4, 0).leadership());
        assertEquals(
                Optional.of(new Leadership("n2", 3)),
                decide("n2", false, false, true, 3, 4, 0).leadership());
    }

    @Test
    void neitherDc_theFirstNameTakesItAboveEveryKnownEpoch() {
        assertEquals(
                new DcChoice(8, 8, Optional.of(new Leadership("n1", 8))), decide("n1", true, false, true, 0, 7, 0));
        assertEquals(new DcChoice(0, 7, Optional.empty()), decide("n2", true, false, true, 0, 7, 0));
    }

    @Test
    void aRunningDcKeepsTheRoleAndThePeerFollowsIt() {
        assertEquals(
                Optional.of(new Leadership("n2", 6)),
                decide("n1", true, false, true, 0, 6, 6).leadership());
        assertEquals(
                Optional.of(new Leadership("n2", 6)),
                decide("n2", true, false, true, 6, 6, 0).leadership());
    }

    @Test
    void twoDcs_theHigherEpochWinsAndOnATieTheFirstName() {
        assertEquals(
                new DcChoice(0, 9, Optional.of(new Leadership("n2", 9))), decide("n1", true, false, true, 5, 9, 9));
        assertEquals(
                Optional.of(new Leadership("n2", 9)),
                decide("n2", true, false, true, 9, 9, 5).leadership());
        assertEquals(
                Optional.of(new Leadership("n1", 4)),
                decide("n2", true, false, true, 4, 4, 4).leadership());
        assertEquals(
                Optional.of(new Leadership("n1", 4)),
                decide("n1", true, false, true, 4, 4, 4).leadership());
    }

    @Test
    void whileThePeerIsLateNobodyIsDcButTheClaimIsKept() {
        assertEquals(new DcChoice(3, 3, Optional.empty()), decide("n1", true, true, true, 3, 3, 0));
    }
}
