package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/**
 * The cluster information base as written: configuration (properties, nodes, resources,
 * constraints, defaults) and status. Immutable; a change makes a new Cib.
 */
public record Cib(CibVersion version, Optional<String> validateWith, boolean haveQuorum, Optional<String> dcUuid,
                  Optional<String> executionDate, List<NvSet> propertySets, List<Node> nodes,
                  List<Resource> resources, List<Constraint> constraints, List<NvSet> rscDefaults,
                  List<NvSet> opDefaults, Status status) {
    public Cib {
        propertySets = List.copyOf(propertySets);
        nodes = List.copyOf(nodes);
        resources = List.copyOf(resources);
        constraints = List.copyOf(constraints);
        rscDefaults = List.copyOf(rscDefaults);
        opDefaults = List.copyOf(opDefaults);
    }

    public Cib withStatus(Status newStatus) {
        return new Cib(version, validateWith, haveQuorum, dcUuid, executionDate, propertySets, nodes, resources,
                constraints, rscDefaults, opDefaults, newStatus);
    }

    public Cib withQuorum(boolean quorum) {
        return new Cib(version, validateWith, quorum, dcUuid, executionDate, propertySets, nodes, resources,
                constraints, rscDefaults, opDefaults, status);
    }
}
