package io.hapc.daemon.dc;

import io.hapc.daemon.messages.DaemonMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean shutdowns: a node that asks to leave has its resources moved off by the next decisions;
 * once it runs nothing and nothing is in flight there, the DC lets it go. The DC itself goes last.
 */
final class Shutdowns {
    private static final Logger log = LoggerFactory.getLogger(Shutdowns.class);

    private final DcContext ctx;
    private final NodeTracker nodes;
    private final TransitionExecutor executor;
    private final DcLoop loop;

    Shutdowns(DcContext ctx, NodeTracker nodes, TransitionExecutor executor, DcLoop loop) {
        this.ctx = ctx;
        this.nodes = nodes;
        this.executor = executor;
        this.loop = loop;
    }

    /** {@code names} want to leave: their resources move off first. */
    void request(List<String> names) {
        for (String n : names) {
            nodes.track(n).filter(NodeTrack::present).ifPresent(t -> {
                t.shuttingDown = true;
                loop.touch();
                log.info("node {} is shutting down: moving its resources off", n);
            });
        }
        loop.changed("shutdown requested");
    }

    /**
     * Lets go every leaving member that runs nothing any more; true if that was the DC itself (then
     * {@code storeAndLeave} has stored the CIB and left, and the DC must do nothing more).
     */
    boolean grant(Runnable storeAndLeave) {
        List<String> order = new ArrayList<>(nodes.names());
        order.remove(ctx.localNode());
        order.add(ctx.localNode());
        for (String n : order) {
            NodeTrack t = nodes.track(n).orElse(null);
            if (t == null
                    || !t.shuttingDown
                    || !t.member()
                    || !nodes.activeOn(n).isEmpty()) continue;
            if (executor.inFlightOn(n)) continue;
            if (n.equals(ctx.localNode()) && othersStillShuttingDown()) continue;
            t.down();
            loop.touch();
            log.info("node {} runs nothing any more: it may leave", n);
            if (n.equals(ctx.localNode())) {
                storeAndLeave.run();
                return true;
            }
            ctx.send(n, new DaemonMessage.ShutdownGranted(n));
        }
        return false;
    }

    private boolean othersStillShuttingDown() {
        return nodes.names().stream()
                .filter(n -> !n.equals(ctx.localNode()))
                .anyMatch(n ->
                        nodes.track(n).map(t -> t.shuttingDown && t.member()).orElse(false));
    }
}
