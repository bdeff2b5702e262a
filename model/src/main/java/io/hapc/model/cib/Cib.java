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

    /** The shape before no-quorum-panic was kept: a CIB read or built without it never lost quorum. */
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
            Status status,
            List<RuleFile> ruleFiles,
            Optional<CibChange> lastChange,
            Acls acls) {
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
                ruleFiles,
                lastChange,
                acls,
                false);
    }

    /** Whether quorum, now {@code quorum}, has been lost after being had (Pacemaker's no-quorum-panic). */
    private boolean panicAfter(boolean quorum) {
        return !quorum && (haveQuorum || noQuorumPanic);
    }

    /** The shape before ACLs were kept; callers that do not know them keep none. */
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
            Status status,
            List<RuleFile> ruleFiles,
            Optional<CibChange> lastChange) {
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
                ruleFiles,
                lastChange,
                Acls.NONE,
                false);
    }

    /** The shape before the last change was recorded; callers that do not know it record none. */
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
            Status status,
            List<RuleFile> ruleFiles) {
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
                ruleFiles,
                Optional.empty());
    }

    /** The shape before rule files were stored in the CIB; callers that do not know them store none. */
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
                List.of());
    }

    public Cib withStatus(Status newStatus) {
        return new Cib(
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
                newStatus,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withQuorum(boolean quorum) {
        return new Cib(
                version,
                validateWith,
                quorum,
                dcUuid,
                executionDate,
                propertySets,
                nodes,
                resources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                panicAfter(quorum));
    }

    public Cib withVersion(CibVersion v) {
        return new Cib(
                v,
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
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    /** The DC's view of itself: which node is DC and whether the cluster has quorum. */
    public Cib withDc(Optional<String> dc, boolean quorum) {
        return new Cib(
                version,
                validateWith,
                quorum,
                dc,
                executionDate,
                propertySets,
                nodes,
                resources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                panicAfter(quorum));
    }

    public Cib withPropertySets(List<NvSet> sets) {
        return new Cib(
                version,
                validateWith,
                haveQuorum,
                dcUuid,
                executionDate,
                sets,
                nodes,
                resources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withNodes(List<Node> newNodes) {
        return new Cib(
                version,
                validateWith,
                haveQuorum,
                dcUuid,
                executionDate,
                propertySets,
                newNodes,
                resources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withResources(List<Resource> newResources) {
        return new Cib(
                version,
                validateWith,
                haveQuorum,
                dcUuid,
                executionDate,
                propertySets,
                nodes,
                newResources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withConstraints(List<Constraint> newConstraints) {
        return new Cib(
                version,
                validateWith,
                haveQuorum,
                dcUuid,
                executionDate,
                propertySets,
                nodes,
                resources,
                newConstraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withRscDefaults(List<NvSet> sets) {
        return new Cib(
                version,
                validateWith,
                haveQuorum,
                dcUuid,
                executionDate,
                propertySets,
                nodes,
                resources,
                constraints,
                sets,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withOpDefaults(List<NvSet> sets) {
        return new Cib(
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
                sets,
                status,
                ruleFiles,
                lastChange,
                acls,
                noQuorumPanic);
    }

    public Cib withRuleFiles(List<RuleFile> files) {
        return new Cib(
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
                files,
                lastChange,
                acls,
                noQuorumPanic);
    }

    /** Who changed the configuration last, and when (Pacemaker's cib-last-written and update-* attributes). */
    public Cib withLastChange(CibChange change) {
        return new Cib(
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
                ruleFiles,
                Optional.of(change),
                acls,
                noQuorumPanic);
    }

    public Cib withAcls(Acls newAcls) {
        return new Cib(
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
                ruleFiles,
                lastChange,
                newAcls,
                noQuorumPanic);
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
