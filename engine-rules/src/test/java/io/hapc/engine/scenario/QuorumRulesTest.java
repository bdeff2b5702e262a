package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** quorum.drl */
class QuorumRulesTest {
    private static Scenario inquorate(String policy) {
        return Scenario.nodes("n1", "n2")
                .withoutQuorum()
                .property("no-quorum-policy=" + policy)
                .dummy("A")
                .dummy("B")
                .runs("A", "n1");
    }

    @Test
    void stopStopsEverythingAndStartsNothing() {
        assertEquals(
                List.of("Stop A (n1) due to no quorum", "Start B (n2) due to no quorum (blocked)"),
                inquorate("stop").summary());
    }

    @Test
    void freezeKeepsWhatRunsAndStartsNothingNew() {
        assertEquals(
                List.of("Start B (n2) due to quorum freeze (blocked)"),
                inquorate("freeze").summary());
    }

    @Test
    void ignoreCarriesOn() {
        assertEquals(List.of("Start B (n2)"), inquorate("ignore").summary());
    }

    @Test
    void suicideFencesEveryNodeOfThePartition() {
        assertEquals(
                List.of(
                        "Fence (reboot) n1 'cluster does not have quorum'",
                        "Fence (reboot) n2 'cluster does not have quorum'"),
                inquorate("suicide")
                        .property("fencing-enabled=true")
                        .resource("<primitive id=\"F\" class=\"stonith\" type=\"fence_dummy\"/>")
                        .summary()
                        .stream()
                        .filter(l -> l.startsWith("Fence"))
                        .toList());
    }

    @Test
    void suicideDoesNotFenceAPartitionThatNeverHadQuorumItStopsInstead() {
        Scenario never = Scenario.nodes("n1", "n2")
                .neverQuorate()
                .property("no-quorum-policy=suicide")
                .property("fencing-enabled=true")
                .resource("<primitive id=\"F\" class=\"stonith\" type=\"fence_dummy\"/>")
                .dummy("A")
                .dummy("B")
                .runs("A", "n1");
        List<String> summary = never.summary();
        assertTrue(summary.stream().noneMatch(l -> l.startsWith("Fence")), summary.toString());
        assertTrue(summary.contains("Stop A (n1) due to no quorum"), summary.toString());
        assertTrue(
                summary.stream().anyMatch(l -> l.startsWith("Start B") && l.endsWith("due to no quorum (blocked)")),
                summary.toString());
    }

    @Test
    void suicideWithoutFencingStopsEverythingAsPacemakerDoesAndWarns() {
        Scenario s = inquorate("suicide"); // the scenarios have fencing disabled
        assertEquals(List.of("Stop A (n1) due to no quorum", "Start B (n2) due to no quorum (blocked)"), s.summary());
        assertEquals(
                List.of("quorum: no-quorum-policy=suicide needs fencing"),
                s.decide().derived().warnings().stream()
                        .map(io.hapc.engine.facts.Warning::rule)
                        .toList());
    }

    @Test
    void theQuorumFactsSayTheirCauseInTypedFieldsTheJavaReads() {
        DerivedFacts stop = inquorate("stop").decide().derived();
        assertEquals(
                List.of(StopRequest.Kind.NO_QUORUM),
                stop.stopRequests().stream().map(StopRequest::kind).toList());
        assertEquals(
                List.of(StartBlock.Cause.NO_QUORUM),
                stop.startBlocks().stream().map(StartBlock::cause).toList());
        DerivedFacts freeze = inquorate("freeze").decide().derived();
        assertEquals(
                List.of(StartBlock.Cause.QUORUM_FREEZE),
                freeze.startBlocks().stream().map(StartBlock::cause).toList());
        DerivedFacts suicide = inquorate("suicide")
                .property("fencing-enabled=true")
                .resource("<primitive id=\"F\" class=\"stonith\" type=\"fence_dummy\"/>")
                .decide()
                .derived();
        assertEquals(
                List.of(FenceRequest.Cause.NO_QUORUM, FenceRequest.Cause.NO_QUORUM),
                suicide.fencing().stream().map(FenceRequest::cause).toList());
    }
}
