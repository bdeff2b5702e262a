package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/**
 * A configured resource: a primitive, a group of primitives, a clone (possibly promotable), or a
 * bundle (replicated containers, optionally with a resource inside each).
 */
public sealed interface Resource permits Resource.Primitive, Resource.Group, Resource.Clone, Resource.Bundle {
    String id();

    List<NvSet> metaSets();

    /** A single resource run by one agent: `class:provider:type`. */
    record Primitive(
            String id,
            String standard,
            Optional<String> provider,
            String type,
            List<NvSet> instanceSets,
            List<NvSet> metaSets,
            List<NvSet> utilizationSets,
            List<Operation> operations)
            implements Resource {
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

    /**
     * Members start in order, stop in reverse order, and are colocated with the previous member.
     * instanceSets: parameters every member inherits (a member's own value wins).
     */
    record Group(String id, List<NvSet> metaSets, List<Primitive> members, List<NvSet> instanceSets)
            implements Resource {
        public Group {
            metaSets = List.copyOf(metaSets);
            members = List.copyOf(members);
            instanceSets = List.copyOf(instanceSets);
        }

        public Group(String id, List<NvSet> metaSets, List<Primitive> members) {
            this(id, metaSets, members, List.of());
        }
    }

    /**
     * Copies of a primitive or group on several nodes; promotable when meta promotable=true (or `master`).
     * instanceSets: parameters the primitives inside inherit (their own and their group's values win).
     */
    record Clone(String id, List<NvSet> metaSets, Resource child, boolean promotableElement, List<NvSet> instanceSets)
            implements Resource {
        public Clone {
            metaSets = List.copyOf(metaSets);
            instanceSets = List.copyOf(instanceSets);
            if (child instanceof Clone) throw new IllegalArgumentException("a clone cannot contain a clone: " + id);
        }

        public Clone(String id, List<NvSet> metaSets, Resource child, boolean promotableElement) {
            this(id, metaSets, child, promotableElement, List.of());
        }
    }

    /**
     * Pacemaker's container resource: `replicas` copies of a container (docker, podman or rkt),
     * each optionally with its own IP address (network ip-range-start, counting up) and, when
     * `primitive` is present, a guest node inside the container running one instance of it.
     */
    record Bundle(
            String id,
            List<NvSet> metaSets,
            Container container,
            Optional<Network> network,
            List<StorageMapping> storage,
            Optional<Primitive> primitive)
            implements Resource {
        public Bundle {
            metaSets = List.copyOf(metaSets);
            storage = List.copyOf(storage);
        }

        /** The container runtime element: its name (docker, podman, rkt) and its attributes as written. */
        public record Container(
                String runtime,
                String image,
                int replicas,
                int replicasPerHost,
                int promotedMax,
                java.util.Map<String, String> attributes) {
            public Container {
                attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            }
        }

        /** The network element: attributes as written (ip-range-start, control-port...) and port mappings. */
        public record Network(java.util.Map<String, String> attributes, List<PortMapping> portMappings) {
            public Network {
                attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
                portMappings = List.copyOf(portMappings);
            }

            public Optional<String> ipRangeStart() {
                return Optional.ofNullable(attributes.get("ip-range-start")).filter(v -> !v.isBlank());
            }
        }

        public record PortMapping(java.util.Map<String, String> attributes) {
            public PortMapping {
                attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            }
        }

        public record StorageMapping(java.util.Map<String, String> attributes) {
            public StorageMapping {
                attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            }
        }
    }
}
