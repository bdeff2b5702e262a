package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/**
 * The cluster information base as written: configuration (properties, nodes, resources,
 * constraints, defaults, hapc's admin rule files, access control lists) and status. Immutable; a change makes a new Cib.
 * noQuorumPanic (the root's {@code no-quorum-panic}): the partition lost quorum after having had it,
 * as opposed to never having had it; only then does no-quorum-policy=suicide fence.
 */
public record Cib(
        CibVersion version,
        Optional<String> validateWith,
        boolean haveQuorum,
        Optional<String> dcUuid,
        Optional<String> executionDate,
        List<NvSet> propertySets,
        List<Node> nodes,
        List<Resource> resources,
        List<Constraint> constraints,
        List<NvSet> rscDefaults,
        List<NvSet> opDefaults,
        Status status,
        List<RuleFile> ruleFiles,
        Optional<CibChange> lastChange,
        Acls acls,
        boolean noQuorumPanic) {
    public Cib {
        acls = acls == null ? Acls.NONE : acls;
        propertySets = List.copyOf(propertySets);
        nodes = List.copyOf(nodes);
        resources = List.copyOf(resources);
        constraints = List.copyOf(constraints);
        rscDefaults = List.copyOf(rscDefaults);
        opDefaults = List.copyOf(opDefaults);
        ruleFiles = ruleFiles == null ? List.of() : List.copyOf(ruleFiles);
        lastChange = lastChange == null ? Optional.empty() : lastChange;
    }

    /** A configuration and its status, nothing else (no rule files, no last change, no ACLs, never lost quorum). */
    public Cib(
            CibVersion version,
            Optional<String> validateWith,
            boolean haveQuorum,
            Optional<String> dcUuid,
            Optional<String> executionDate,
            List<NvSet> propertySets,
            List<Node> nodes,
            List<Resource> resources,
            List<Constraint> constraints,
            List<NvSet> rscDefaults,
            List<NvSet> opDefaults,
            Status status) {
        this(
                version,
                validateWith,
                haveQuorum,
                dcUuid,
                executionDate,
                propertySets,
                nodes,
                resources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                List.of(),
                Optional.empty(),
                Acls.NONE,
                false);
    }

    public Cib withStatus(Status newStatus) {
        return edit(c -> c.status = newStatus);
    }

    /** Quorum now; losing it after having had it sets no-quorum-panic, as Pacemaker's controller does. */
    public Cib withQuorum(boolean quorum) {
        return edit(c -> {
            c.haveQuorum = quorum;
            c.noQuorumPanic = !quorum && (haveQuorum || noQuorumPanic);
        });
    }

    public Cib withVersion(CibVersion v) {
        return edit(c -> c.version = v);
    }

    /** The DC's view of itself: which node is DC and whether the cluster has quorum. */
    public Cib withDc(Optional<String> dc, boolean quorum) {
        return withQuorum(quorum).edit(c -> c.dcUuid = dc);
    }

    public Cib withPropertySets(List<NvSet> sets) {
        return edit(c -> c.propertySets = sets);
    }

    public Cib withNodes(List<Node> newNodes) {
        return edit(c -> c.nodes = newNodes);
    }

    public Cib withResources(List<Resource> newResources) {
        return edit(c -> c.resources = newResources);
    }

    public Cib withConstraints(List<Constraint> newConstraints) {
        return edit(c -> c.constraints = newConstraints);
    }

    public Cib withRscDefaults(List<NvSet> sets) {
        return edit(c -> c.rscDefaults = sets);
    }

    public Cib withOpDefaults(List<NvSet> sets) {
        return edit(c -> c.opDefaults = sets);
    }

    public Cib withRuleFiles(List<RuleFile> files) {
        return edit(c -> c.ruleFiles = files);
    }

    /** Who changed the configuration last, and when (Pacemaker's cib-last-written and update-* attributes). */
    public Cib withLastChange(CibChange change) {
        return edit(c -> c.lastChange = Optional.of(change));
    }

    public Cib withAcls(Acls newAcls) {
        return edit(c -> c.acls = newAcls);
    }

    /** A copy with what {@code change} sets: the one place every wither goes through. */
    private Cib edit(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new Cib(
                d.version,
                d.validateWith,
                d.haveQuorum,
                d.dcUuid,
                d.executionDate,
                d.propertySets,
                d.nodes,
                d.resources,
                d.constraints,
                d.rscDefaults,
                d.opDefaults,
                d.status,
                d.ruleFiles,
                d.lastChange,
                d.acls,
                d.noQuorumPanic);
    }

    /** A Cib's components while one wither changes some (never leaves {@link #edit}). */
    private static final class Draft {
        CibVersion version;
        Optional<String> validateWith;
        boolean haveQuorum;
        Optional<String> dcUuid;
        Optional<String> executionDate;
        List<NvSet> propertySets;
        List<Node> nodes;
        List<Resource> resources;
        List<Constraint> constraints;
        List<NvSet> rscDefaults;
        List<NvSet> opDefaults;
        Status status;
        List<RuleFile> ruleFiles;
        Optional<CibChange> lastChange;
        Acls acls;
        boolean noQuorumPanic;

        Draft(Cib c) {
            version = c.version;
            validateWith = c.validateWith;
            haveQuorum = c.haveQuorum;
            dcUuid = c.dcUuid;
            executionDate = c.executionDate;
            propertySets = c.propertySets;
            nodes = c.nodes;
            resources = c.resources;
            constraints = c.constraints;
            rscDefaults = c.rscDefaults;
            opDefaults = c.opDefaults;
            status = c.status;
            ruleFiles = c.ruleFiles;
            lastChange = c.lastChange;
            acls = c.acls;
            noQuorumPanic = c.noQuorumPanic;
        }
    }

    /** A cluster property as written (first set that has it; rules on sets are not evaluated here). */
    public Optional<String> property(String name) {
        for (NvSet s : propertySets) {
            String v = s.values().get(name);
            if (v != null) return Optional.of(v);
        }
        return Optional.empty();
    }
}
