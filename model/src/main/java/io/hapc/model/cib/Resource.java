package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/** A configured resource: a primitive, a group of primitives, or a clone (possibly promotable). */
public sealed interface Resource permits Resource.Primitive, Resource.Group, Resource.Clone {
    String id();

    List<NvSet> metaSets();

    /** A single resource run by one agent: `class:provider:type`. */
    record Primitive(String id, String standard, Optional<String> provider, String type,
                     List<NvSet> instanceSets, List<NvSet> metaSets, List<NvSet> utilizationSets,
                     List<Operation> operations) implements Resource {
        public Primitive {
            instanceSets = List.copyOf(instanceSets);
            metaSets = List.copyOf(metaSets);
            utilizationSets = List.copyOf(utilizationSets);
            operations = List.copyOf(operations);
        }

        /** "ocf:heartbeat:IPaddr2", "stonith:fence_dummy", "lsb:foo". */
        public String agent() {
            return provider.map(p -> standard + ":" + p + ":" + type).orElse(standard + ":" + type);
        }
    }

    /** Members start in order, stop in reverse order, and are colocated with the previous member. */
    record Group(String id, List<NvSet> metaSets, List<Primitive> members) implements Resource {
        public Group {
            metaSets = List.copyOf(metaSets);
            members = List.copyOf(members);
        }
    }

    /** Copies of a primitive or group on several nodes; promotable when meta promotable=true (or `master`). */
    record Clone(String id, List<NvSet> metaSets, Resource child, boolean promotableElement) implements Resource {
        public Clone {
            metaSets = List.copyOf(metaSets);
            if (child instanceof Clone) throw new IllegalArgumentException("a clone cannot contain a clone: " + id);
        }
    }
}
