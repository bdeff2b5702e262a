package io.hapc.engine;

import io.hapc.engine.actions.PlannedTransition;
import io.hapc.engine.assign.Placement;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.rules.DerivedFacts;
import java.time.Duration;

/** Everything one run of the policy engine produced, phase by phase, plus how long it took. */
public record Decision(
        ClusterView cluster,
        DerivedFacts derived,
        Placement placement,
        PlannedTransition transition,
        Duration elapsed) {}
