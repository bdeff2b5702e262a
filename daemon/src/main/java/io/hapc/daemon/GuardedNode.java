package io.hapc.daemon;

import io.hapc.daemon.dc.AgentCalls;
import io.hapc.daemon.lrm.LocalResourceManager;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.model.cib.Cib;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node as the cut-off guard sees it, from the guard's own thread (never the brain's state). */
final class GuardedNode implements CutOffGuard.Node {
    private static final Logger log = LoggerFactory.getLogger(GuardedNode.class);

    private final NodeDaemon.Parts parts;
    private final LocalResourceManager lrm;
    private final Supplier<Optional<Cib>> storedCib;
    private final BooleanSupplier leaving;
    /** Run on the brain when the guard finds the node cut off. */
    private final Runnable resignIfCutOff;

    GuardedNode(
            NodeDaemon.Parts parts,
            LocalResourceManager lrm,
            Supplier<Optional<Cib>> storedCib,
            BooleanSupplier leaving,
            Runnable resignIfCutOff) {
        this.parts = parts;
        this.lrm = lrm;
        this.storedCib = storedCib;
        this.leaving = leaving;
        this.resignIfCutOff = resignIfCutOff;
    }

    @Override
    public List<String> active() {
        return lrm.activeResources();
    }

    @Override
    public CutOffPlan plan(List<String> active) {
        return storedCib
                .get()
                .map(c -> CutOffStops.plan(c, parts.node(), lrm.snapshot(), active, parts.cutOffEngine()))
                .orElseGet(() -> CutOffPlan.stopAll(active));
    }

    @Override
    public String noQuorumPolicy() {
        return storedCib.get().flatMap(c -> c.property("no-quorum-policy")).orElse("stop");
    }

    @Override
    public boolean leaving() {
        return leaving.getAsBoolean();
    }

    @Override
    public void cutOff(String why, String policy) {
        parts.brain().execute(resignIfCutOff);
    }

    @Override
    public void act(CutOffPlan plan, CompletableFuture<Void> hurry) {
        Futures.logFailure(carryOut(plan, storedCib.get(), lrm, hurry), log, "the cut-off stops");
    }

    /**
     * Carries out {@code plan} with the agent calls {@code cib} defines (a node on its own: cut off, or
     * leaving without a DC).
     */
    static CompletableFuture<Void> carryOut(
            CutOffPlan plan, Optional<Cib> cib, LocalResourceManager lrm, CompletableFuture<Void> hurry) {
        Map<String, DaemonMessage.AgentCall> calls = new java.util.HashMap<>();
        Map<String, DaemonMessage.AgentCall> demoteFirst = new java.util.HashMap<>();
        cib.map(AgentCalls::new).ifPresent(agents -> {
            plan.waves().forEach(wave -> calls.putAll(agents.stops(wave)));
            plan.demote()
                    .forEach(r -> agents.call(r, "demote", 0, Optional.empty()).ifPresent(c -> calls.put(r, c)));
            plan.demoteBeforeStop()
                    .forEach(r -> agents.call(r, "demote", 0, Optional.empty()).ifPresent(c -> demoteFirst.put(r, c)));
        });
        return lrm.act(calls, demoteFirst, plan.waves(), hurry);
    }

    @Override
    public void suicide() {
        Runtime.getRuntime().halt(137);
    }
}
