package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/**
 * The cluster information base as written: configuration (properties, nodes, resources,
 * constraints, defaults, hapc's admin rule files) and status. Immutable; a change makes a new Cib.
 */
public record Cib(CibVersion version, Optional<String> validateWith, boolean haveQuorum, Optional<String> dcUuid,
                  Optional<String> executionDate, List<NvSet> propertySets, List<Node> nodes,
                  List<Resource> resources, List<Constraint> constraints, List<NvSet> rscDefaults,
                  List<NvSet> opDefaults, Status status, List<RuleFile> ruleFiles) {
    public Cib {
        propertySets = List.copyOf(propertySets);
        nodes = List.copyOf(nodes);
        resources = List.copyOf(resources);
        constraints = List.copyOf(constraints);
        rscDefaults = List.copyOf(rscDefaults);
        opDefaults = List.copyOf(opDefaults);
        ruleFiles = ruleFiles == null ? List.of() : List.copyOf(ruleFiles);
    }

    /** The shape before rule files were stored in the CIB; callers that do not know them store none. */
    public Cib(CibVersion version, Optional<String> validateWith, boolean haveQuorum, Optional<String> dcUuid,
               Optional<String> executionDate, List<NvSet> propertySets, List<Node> nodes,
               List<Resource> resources, List<Constraint> constraints, List<NvSet> rscDefaults,
               List<NvSet> opDefaults, Status status) {
        this(version, validateWith, haveQuorum, dcUuid, executionDate, propertySets, nodes, resources, constraints,
                rscDefaults, opDefaults, status, List.of());
    }

    public Cib withStatus(Status newStatus) {
        return new Cib(version, validateWith, haveQuorum, dcUuid, executionDate, propertySets, nodes, resources,
                constraints, rscDefaults, opDefaults, newStatus, ruleFiles);
    }

    public Cib withQuorum(boolean quorum) {
        return new Cib(version, validateWith, quorum, dcUuid, executionDate, propertySets, nodes, resources,
                constraints, rscDefaults, opDefaults, status, ruleFiles);
    }
}
