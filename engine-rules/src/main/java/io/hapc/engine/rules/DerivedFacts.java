package io.hapc.engine.rules;

import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.DemoteRequest;
import io.hapc.engine.facts.FenceDelay;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.MigrationAllowed;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.RestartRequest;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.facts.Warning;
import java.util.List;

/** Everything the rules derived for one decision, grouped by kind. */
public record DerivedFacts(
        List<ScoreContribution> scores,
        List<PromotionContribution> promotionScores,
        List<NodeUnavailable> unavailableNodes,
        List<ColocationEdge> colocations,
        List<OrderEdge> orderings,
        List<FenceRequest> fencing,
        List<StartBlock> startBlocks,
        List<StopRequest> stopRequests,
        List<DemoteRequest> demoteRequests,
        List<Warning> warnings,
        List<MigrationAllowed> migrations,
        List<RestartRequest> restartRequests,
        List<FenceDelay> fenceDelays,
        List<io.hapc.engine.facts.UnfenceRequest> unfencing) {
    public DerivedFacts {
        unfencing = unfencing == null ? List.of() : List.copyOf(unfencing);
        fenceDelays = fenceDelays == null ? List.of() : List.copyOf(fenceDelays);
        restartRequests = restartRequests == null ? List.of() : List.copyOf(restartRequests);
        scores = List.copyOf(scores);
        promotionScores = List.copyOf(promotionScores);
        unavailableNodes = List.copyOf(unavailableNodes);
        colocations = List.copyOf(colocations);
        orderings = List.copyOf(orderings);
        fencing = List.copyOf(fencing);
        startBlocks = List.copyOf(startBlocks);
        stopRequests = List.copyOf(stopRequests);
        demoteRequests = List.copyOf(demoteRequests);
        warnings = List.copyOf(warnings);
        migrations = List.copyOf(migrations);
    }

    /** Without unfencing. */
    public DerivedFacts(
            List<ScoreContribution> scores,
            List<PromotionContribution> promotionScores,
            List<NodeUnavailable> unavailableNodes,
            List<ColocationEdge> colocations,
            List<OrderEdge> orderings,
            List<FenceRequest> fencing,
            List<StartBlock> startBlocks,
            List<StopRequest> stopRequests,
            List<DemoteRequest> demoteRequests,
            List<Warning> warnings,
            List<MigrationAllowed> migrations,
            List<RestartRequest> restartRequests,
            List<FenceDelay> fenceDelays) {
        this(
                scores,
                promotionScores,
                unavailableNodes,
                colocations,
                orderings,
                fencing,
                startBlocks,
                stopRequests,
                demoteRequests,
                warnings,
                migrations,
                restartRequests,
                fenceDelays,
                List.of());
    }

    /** Without fencing delays. */
    public DerivedFacts(
            List<ScoreContribution> scores,
            List<PromotionContribution> promotionScores,
            List<NodeUnavailable> unavailableNodes,
            List<ColocationEdge> colocations,
            List<OrderEdge> orderings,
            List<FenceRequest> fencing,
            List<StartBlock> startBlocks,
            List<StopRequest> stopRequests,
            List<DemoteRequest> demoteRequests,
            List<Warning> warnings,
            List<MigrationAllowed> migrations,
            List<RestartRequest> restartRequests) {
        this(
                scores,
                promotionScores,
                unavailableNodes,
                colocations,
                orderings,
                fencing,
                startBlocks,
                stopRequests,
                demoteRequests,
                warnings,
                migrations,
                restartRequests,
                List.of());
    }

    /** How long fencing `node` waits before its devices' own delays (priority-fencing-delay); zero if none. */
    public java.time.Duration fenceDelay(String node) {
        return fenceDelays.stream()
                .filter(d -> d.node().equals(node))
                .map(d -> java.time.Duration.ofMillis(d.delayMs()))
                .max(java.util.Comparator.naturalOrder())
                .orElse(java.time.Duration.ZERO);
    }

    /** Without resources allowed to migrate and without restart requests. */
    public DerivedFacts(
            List<ScoreContribution> scores,
            List<PromotionContribution> promotionScores,
            List<NodeUnavailable> unavailableNodes,
            List<ColocationEdge> colocations,
            List<OrderEdge> orderings,
            List<FenceRequest> fencing,
            List<StartBlock> startBlocks,
            List<StopRequest> stopRequests,
            List<DemoteRequest> demoteRequests,
            List<Warning> warnings) {
        this(
                scores,
                promotionScores,
                unavailableNodes,
                colocations,
                orderings,
                fencing,
                startBlocks,
                stopRequests,
                demoteRequests,
                warnings,
                List.of(),
                List.of());
    }
}
