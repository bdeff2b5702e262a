package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/** Location, colocation, order and ticket constraints, each as written in the CIB (sets kept as sets). */
public sealed interface Constraint
        permits Constraint.Location, Constraint.Colocation, Constraint.Order, Constraint.Ticket {
    String id();

    /**
     * rsc_location: either a fixed node + score, or rules. `rsc` may be empty when `rscPattern` is used;
     * resourceSets hold the resources of a set-based location.
     */
    record Location(
            String id,
            Optional<String> rsc,
            Optional<String> rscPattern,
            List<String> resourceSets,
            Optional<String> node,
            Optional<Integer> score,
            Optional<Role> role,
            Optional<String> resourceDiscovery,
            List<Rule> rules,
            Optional<String> lifetimeUntil)
            implements Constraint {
        public Location {
            resourceSets = List.copyOf(resourceSets);
            rules = List.copyOf(rules);
        }
    }

    /** rsc_colocation: dependent `rsc` is placed relative to primary `withRsc`; or resource sets. */
    record Colocation(
            String id,
            Optional<String> rsc,
            Optional<String> withRsc,
            int score,
            Optional<Role> rscRole,
            Optional<Role> withRscRole,
            List<ResourceSet> sets,
            Optional<String> nodeAttribute,
            Optional<Boolean> influence)
            implements Constraint {
        public Colocation {
            sets = List.copyOf(sets);
            influence = influence == null ? Optional.empty() : influence;
        }

        /** Without `influence` (Pacemaker's default: the dependent may pull the primary towards its preferences). */
        public Colocation(
                String id,
                Optional<String> rsc,
                Optional<String> withRsc,
                int score,
                Optional<Role> rscRole,
                Optional<Role> withRscRole,
                List<ResourceSet> sets,
                Optional<String> nodeAttribute) {
            this(id, rsc, withRsc, score, rscRole, withRscRole, sets, nodeAttribute, Optional.empty());
        }
    }

    /** rsc_order: `first` then `then`; kind Mandatory/Optional/Serialize; or resource sets. */
    record Order(
            String id,
            Optional<String> first,
            Optional<String> then,
            Optional<String> firstAction,
            Optional<String> thenAction,
            Optional<String> kind,
            Optional<Integer> score,
            Optional<Boolean> symmetrical,
            List<ResourceSet> sets,
            Optional<Boolean> requireAll)
            implements Constraint {
        public Order {
            sets = List.copyOf(sets);
        }

        /** Without require-all (Pacemaker's default: `then` needs every instance of a clone `first`). */
        public Order(
                String id,
                Optional<String> first,
                Optional<String> then,
                Optional<String> firstAction,
                Optional<String> thenAction,
                Optional<String> kind,
                Optional<Integer> score,
                Optional<Boolean> symmetrical,
                List<ResourceSet> sets) {
            this(id, first, then, firstAction, thenAction, kind, score, symmetrical, sets, Optional.empty());
        }
    }

    /**
     * rsc_ticket: `rsc` (only its `rscRole`, when given) or the resources of `sets` (each set's role)
     * may run only while `ticket` is granted and not in standby; `lossPolicy` says what happens when
     * it is not (empty: Pacemaker's default, stop).
     */
    record Ticket(
            String id,
            Optional<String> rsc,
            Optional<Role> rscRole,
            String ticket,
            Optional<LossPolicy> lossPolicy,
            List<ResourceSet> sets)
            implements Constraint {
        public Ticket {
            sets = List.copyOf(sets);
        }
    }

    /** What an rsc_ticket does to its resources when the ticket is revoked (loss-policy). */
    enum LossPolicy {
        STOP,
        DEMOTE,
        FENCE,
        FREEZE;

        /** The value as written in the CIB ("stop", "demote", "fence", "freeze"). */
        public String xml() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<LossPolicy> parse(String value) {
            for (LossPolicy p : values()) {
                if (p.xml().equals(value.trim().toLowerCase(java.util.Locale.ROOT))) return Optional.of(p);
            }
            return Optional.empty();
        }
    }

    /** resource_set inside a colocation, order or ticket constraint. */
    record ResourceSet(
            String id,
            List<String> resources,
            Optional<Boolean> sequential,
            Optional<Boolean> requireAll,
            Optional<String> action,
            Optional<Role> role,
            Optional<String> kind,
            Optional<Integer> score) {
        public ResourceSet {
            resources = List.copyOf(resources);
        }
    }
}
