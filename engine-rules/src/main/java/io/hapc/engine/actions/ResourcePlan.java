package io.hapc.engine.actions;

import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the planner decided for one primitive; mutable only while planning. */
public final class ResourcePlan {
    final ResourceView rsc;
    final List<String> current = new ArrayList<>();
    final Set<String> stops = new LinkedHashSet<>();
    final Set<String> impliedByFencing = new LinkedHashSet<>();
    Role currentRole = Role.STARTED;
    Role nextRole = Role.STOPPED;
    String next;
    boolean failed;
    boolean frozen;
    boolean start;
    boolean startRunnable = true;
    boolean stopRunnable = true;
    boolean forcedStop;
    boolean mustStopButCannot;
    boolean migrating;
    String unmigratableReason;
    String startReason;
    String stopReason;
    String restartReason;
    /** Only reloadable parameters changed: the agent reloads them in place (no stop, no start). */
    boolean reload;
    /** Demoted (on-fail=demote) and promoted again where it is. */
    boolean repromote;

    ResourcePlan(ResourceView rsc) {
        this.rsc = rsc;
    }

    public ResourceView resource() {
        return rsc;
    }

    public Optional<String> nextNode() {
        return forcedStop ? Optional.empty() : Optional.ofNullable(next);
    }

    public Role nextRole() {
        return nextRole;
    }

    public boolean startRunnable() {
        return startRunnable;
    }

    public boolean stopRunnable() {
        return stopRunnable;
    }

    public Set<String> stops() {
        return Set.copyOf(stops);
    }

    public boolean starts() {
        return start && !forcedStop;
    }

    public boolean frozen() {
        return frozen;
    }

    /** Whether it is demoted and promoted again in place (on-fail=demote, still the best to promote). */
    public boolean repromotes() {
        return repromote && !starts() && nextRole == Role.PROMOTED;
    }

    /** Whether the move is a live migration (the summary says Migrate). */
    public boolean migrating() {
        return migrating && starts() && startRunnable;
    }

    public Role currentRole() {
        return currentRole;
    }

    public List<String> currentNodes() {
        return List.copyOf(current);
    }

    public Set<String> stopsImpliedByFencing() {
        return Set.copyOf(impliedByFencing);
    }

    public List<Operation> recurringMonitors() {
        return rsc.operations().stream()
                .filter(o -> o.name().equals("monitor") && o.intervalMs() > 0 && o.enabled())
                .toList();
    }
}
