package io.hapc.daemon.dc;

import io.hapc.admin.CibEditor;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibChange;
import io.hapc.model.xml.CibXmlWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The admin requests the DC answers: one handler per request type. */
final class AdminHandler {
    private final DcContext ctx;
    private final long epoch;
    private final Duration joinTimeout;
    private final NodeTracker nodes;
    private final DcCib cib;
    private final DcFencing fencing;
    private final Shutdowns shutdowns;
    private final TransitionExecutor executor;
    private final DcLoop loop;
    private final Supplier<List<String>> warnings;

    AdminHandler(
            DcContext ctx,
            long epoch,
            Duration joinTimeout,
            NodeTracker nodes,
            DcCib cib,
            DcFencing fencing,
            Shutdowns shutdowns,
            TransitionExecutor executor,
            DcLoop loop,
            Supplier<List<String>> warnings) {
        this.ctx = ctx;
        this.epoch = epoch;
        this.joinTimeout = joinTimeout;
        this.nodes = nodes;
        this.cib = cib;
        this.fencing = fencing;
        this.shutdowns = shutdowns;
        this.executor = executor;
        this.loop = loop;
        this.warnings = warnings;
    }

    CompletableFuture<AdminReply> handle(AdminRequest request) {
        if (request instanceof AdminRequest.GetWarnings) return done(warnings());
        if (request instanceof AdminRequest.Edit e) return done(edit(e));
        if (request instanceof AdminRequest.Fence f) {
            return fencing.adminFence(
                    f.node(),
                    f.action(),
                    executor.current().map(TransitionRun::id).orElse(-1L));
        }
        if (request instanceof AdminRequest.StopNodes s) return done(stopNodes(s));
        return done(AdminReply.failure(5, "the DC does not handle " + request));
    }

    private static CompletableFuture<AdminReply> done(AdminReply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** The warnings of the last decision, one line each, for `hapc status`. */
    private AdminReply warnings() {
        return AdminReply.success(String.join("\n", warnings.get())).withDc(Optional.of(ctx.localNode()));
    }

    private AdminReply edit(AdminRequest.Edit e) {
        try {
            Cib before = cib.current();
            CibEditor.EditOutcome outcome = ctx.applyEdit(before, e.edit());
            String message = String.join(
                    "\n",
                    Stream.concat(
                                    Stream.of(outcome.message()),
                                    outcome.warnings().stream().map(w -> "Warning: " + w))
                            .toList());
            if (outcome.changed()) {
                // recorded as Pacemaker records it, for status's "Last change"
                Cib stamped = outcome.cib()
                        .withLastChange(CibChange.at(ctx.clock().instant(), ctx.localNode(), "hapc", Optional.empty()));
                if (cib.storeThenAdopt(stamped, () -> adopt(before, stamped)) instanceof DcCib.Stored.No no) {
                    return AdminReply.failure(no.exitCode(), no.why());
                }
                loop.changed("configuration changed");
                // The answer leaves once the edit is stored; what the edit causes runs after.
                ctx.schedule(Duration.ZERO, loop::afterEvent);
            }
            return AdminReply.success(message).withCib(CibXmlWriter.write(cib.current()), Optional.of(ctx.localNode()));
        } catch (DcContext.EditRefused refused) {
            return AdminReply.failure(refused.exitCode(), refused.getMessage());
        }
    }

    /** The stored edit becomes the DC's: new resources are probed, cleaned-up ones probed again. */
    private void adopt(Cib before, Cib edited) {
        probeNewResources(before);
        for (NodeTracker.Reprobe r : nodes.adoptStatus(before, edited)) {
            // Until the node has probed it again, nobody knows whether it still runs there.
            cib.calls().call(r.resource(), "monitor", 0, Optional.empty()).ifPresent(probe -> {
                nodes.reprobing(r, ctx.clock().instant().plus(joinTimeout));
                ctx.send(r.node(), new DaemonMessage.Forget(epoch, r.resource(), probe));
            });
        }
    }

    /** New primitives are probed on every member before they are placed, so none is started twice. */
    private void probeNewResources(Cib before) {
        Set<String> known = new HashSet<>();
        new AgentCalls(before).probes().forEach(p -> known.add(p.resource()));
        List<AgentCall> probes = cib.calls().probes();
        if (probes.stream().allMatch(p -> known.contains(p.resource()))) return;
        Instant deadline = ctx.clock().instant().plus(joinTimeout);
        for (String member : nodes.members()) {
            nodes.probing(member, deadline);
            ctx.send(member, new DaemonMessage.HistoryRequest(epoch, probes));
        }
        ctx.schedule(joinTimeout, loop::afterEvent);
    }

    private AdminReply stopNodes(AdminRequest.StopNodes s) {
        List<String> names =
                s.nodes().isEmpty() ? List.copyOf(nodes.membership().nodes()) : s.nodes();
        for (String n : names) {
            if (!nodes.knows(n)) {
                return AdminReply.failure(
                        3, "no node named '" + n + "' (nodes: " + String.join(", ", nodes.names()) + ")");
            }
        }
        shutdowns.request(names);
        ctx.schedule(Duration.ZERO, loop::afterEvent); // the answer leaves before any node is let go
        return AdminReply.success(
                "Stopping cluster on " + String.join(", ", names) + ": resources are moved off first");
    }
}
