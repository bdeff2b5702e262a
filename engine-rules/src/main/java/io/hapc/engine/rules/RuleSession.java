package io.hapc.engine.rules;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.CloneFact;
import io.hapc.engine.facts.ClusterFact;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.DemoteRequest;
import io.hapc.engine.facts.FenceDelay;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.GroupFact;
import io.hapc.engine.facts.MigrationAllowed;
import io.hapc.engine.facts.NodePriority;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ResourceId;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.facts.Warning;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.KieSession;

/** Inserts a cluster snapshot as facts, fires the rules, and collects what they derived. */
public final class RuleSession {
    private RuleSession() {}

    public static DerivedFacts derive(PolicyRules rules, ClusterView view) {
        return derive(rules, view, RuleBounds.DEFAULT, java.time.Clock.systemUTC());
    }

    /**
     * One decision in a fresh session; admin rules (if any) within `bounds`, time on `clock`.
     * Throws {@link RuleBoundsExceeded} when they break a bound or fail.
     */
    public static DerivedFacts derive(PolicyRules rules, ClusterView view, RuleBounds bounds, java.time.Clock clock) {
        KieSession session = rules.kieBase().newKieSession();
        RuleGuard guard = rules.hasAdminRules() ? new RuleGuard(rules, bounds, clock) : null;
        if (guard != null) session.addEventListener(guard);
        try {
            java.util.Map<String, Object> facts = inputFacts(view);
            if (guard != null) guard.start(facts.size());
            facts.values().forEach(session::insert);
            fire(session, rules);
            return collect(session);
        } finally {
            session.dispose();
        }
    }

    /** Fires; a failure of admin rules (or a bound they broke) comes out as {@link RuleBoundsExceeded}. */
    private static void fire(KieSession session, PolicyRules rules) {
        try {
            session.fireAllRules();
        } catch (RuntimeException e) {
            throw adminFailure(e, rules).orElseThrow(() -> e);
        }
    }

    /** The bound an admin rule broke, or the admin rule whose consequence failed, from anything Drools threw. */
    static java.util.Optional<RuleBoundsExceeded> adminFailure(Throwable e, PolicyRules rules) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RuleBoundsExceeded b) return java.util.Optional.of(b);
        }
        if (!rules.hasAdminRules()) return java.util.Optional.empty();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.kie.api.runtime.rule.ConsequenceException c && c.getMatch() != null) {
                org.kie.api.definition.rule.Rule rule = c.getMatch().getRule();
                if (PolicyRules.BUILT_IN_PACKAGE.equals(rule.getPackageName())) return java.util.Optional.empty();
                java.util.Optional<String> file = rules.fileOf(rule.getPackageName(), rule.getName());
                Throwable root = c.getCause() == null ? c : c.getCause();
                return java.util.Optional.of(new RuleBoundsExceeded(
                        "admin rule \"" + rule.getName() + "\""
                                + file.map(f -> " (" + f + ")").orElse("") + " failed: " + root,
                        java.util.Optional.of(rule.getName()),
                        file,
                        e));
            }
        }
        return java.util.Optional.empty();
    }

    static void insertFacts(KieSession session, ClusterView view) {
        inputFacts(view).forEach((key, fact) -> session.insert(fact));
    }

    /**
     * Every input fact of a snapshot, keyed by a stable identity (kind + id), so that a
     * long-lived session can tell which facts are new, changed or gone.
     */
    static java.util.Map<String, Object> inputFacts(ClusterView view) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put(
                "cluster",
                new ClusterFact(
                        view.options(), view.quorate(), view.hasFencingDevice(), view.now(), view.quorumLost()));
        view.nodes().forEach(n -> out.put("node:" + n.name(), n));
        nodePriorities(view).forEach(p -> out.put("priority:" + p.node(), p));
        for (ResourceTree t : view.resources()) addTree(out, t);
        view.constraints().forEach(c -> out.put("constraint:" + c.getClass().getSimpleName() + ":" + c.id(), c));
        view.tickets().forEach(t -> out.put("ticket:" + t.id(), t));
        view.bundleReplicas().forEach(b -> out.put("bundle-replica:" + b.container(), b));
        return out;
    }

    /**
     * Each cluster node's priority by what is active there now (see {@link NodePriority}); what runs on a
     * guest node counts for the nodes its container runs on, since fencing the host takes the guest too.
     */
    static List<NodePriority> nodePriorities(ClusterView view) {
        java.util.Map<String, Integer> sum = new java.util.LinkedHashMap<>();
        view.nodes().stream().filter(n -> n.remote().isEmpty()).forEach(n -> sum.put(n.name(), 0));
        for (ResourceView r : view.primitivesById().values()) {
            int base = r.meta().priority();
            for (io.hapc.engine.cluster.Presence p : r.presence()) {
                if (p.role() == io.hapc.model.cib.Role.STOPPED || p.role() == io.hapc.model.cib.Role.UNKNOWN) continue;
                int priority = base + (p.role() == io.hapc.model.cib.Role.PROMOTED && base != 0 ? 1 : 0);
                for (String host : hostsOf(view, p.node())) sum.computeIfPresent(host, (k, v) -> v + priority);
            }
        }
        return sum.entrySet().stream()
                .map(e -> new NodePriority(e.getKey(), e.getValue()))
                .toList();
    }

    /** The cluster nodes a resource active on `node` lives on: the node itself, or the hosts of a guest's container. */
    private static List<String> hostsOf(ClusterView view, String node) {
        io.hapc.engine.cluster.NodeView n = view.nodesByName().get(node);
        if (n == null || n.remote().isEmpty()) return List.of(node);
        return n.remote()
                .get()
                .container()
                .map(view.primitivesById()::get)
                .map(c -> c.presence().stream()
                        .map(io.hapc.engine.cluster.Presence::node)
                        .distinct()
                        .toList())
                .orElse(List.of());
    }

    private static void addTree(java.util.Map<String, Object> out, ResourceTree t) {
        if (t instanceof ResourceTree.Single s) {
            ResourceView r = s.view();
            out.put("rsc:" + r.id(), r);
            out.put(
                    "id:" + r.id(),
                    new ResourceId(
                            r.id(),
                            r.cloneId().isPresent() ? ResourceId.Kind.CLONE_INSTANCE : ResourceId.Kind.PRIMITIVE));
        } else if (t instanceof ResourceTree.GroupOf g) {
            g.members().forEach(m -> out.put("rsc:" + m.id(), m));
            out.put(
                    "group:" + g.id(),
                    new GroupFact(
                            g.id(), g.members().stream().map(ResourceView::id).toList()));
            if (g.members().isEmpty() || g.members().get(0).cloneId().isEmpty()) {
                out.put("id:" + g.id(), new ResourceId(g.id(), ResourceId.Kind.GROUP));
                g.members().forEach(m -> out.put("id:" + m.id(), new ResourceId(m.id(), ResourceId.Kind.PRIMITIVE)));
            }
        } else if (t instanceof ResourceTree.CloneOf c) {
            for (ResourceTree i : c.instances()) {
                if (i instanceof ResourceTree.Single s)
                    out.put("rsc:" + s.view().id(), s.view());
                else addTree(out, i);
            }
            out.put(
                    "clone:" + c.id(),
                    new CloneFact(
                            c.id(),
                            c.childId(),
                            c.promotable(),
                            c.interleave(),
                            c.cloneMin(),
                            c.instances().stream().map(ResourceTree::id).toList(),
                            c.globallyUnique()));
            out.put("id:" + c.id(), new ResourceId(c.id(), ResourceId.Kind.CLONE));
            out.put("id:" + c.childId(), new ResourceId(c.childId(), ResourceId.Kind.CLONE_INSTANCE));
        }
    }

    public static Live live(PolicyRules rules) {
        return live(rules, RuleBounds.DEFAULT, java.time.Clock.systemUTC());
    }

    /** A long-lived session whose admin rules (if any) stay within `bounds` in every update, time on `clock`. */
    public static Live live(PolicyRules rules, RuleBounds bounds, java.time.Clock clock) {
        return new Live(
                rules,
                rules.kieBase().newKieSession(),
                rules.hasAdminRules() ? new RuleGuard(rules, bounds, clock) : null);
    }

    /**
     * A session kept across decisions: each snapshot updates only the facts that changed. A
     * resource tree that is the very same object as last time (the memoised unpack reuses them)
     * is skipped without looking inside; derived facts are tracked as the rules insert and retract
     * them, so collecting them does not scan the session.
     */
    public static final class Live implements AutoCloseable {
        private final PolicyRules rules;
        private final KieSession session;
        private final RuleGuard guard;
        private final java.util.Map<String, org.kie.api.runtime.rule.FactHandle> handles = new java.util.HashMap<>();
        private final java.util.Map<String, Object> facts = new java.util.HashMap<>();
        private final java.util.Map<String, ResourceTree> lastTrees = new java.util.HashMap<>();
        private final java.util.Map<String, java.util.Set<String>> keysByTree = new java.util.HashMap<>();
        private final java.util.Set<Object> derived = new java.util.LinkedHashSet<>();
        private final java.util.Set<Object> changedSinceUpdate = new java.util.HashSet<>();

        private Live(PolicyRules rules, KieSession session, RuleGuard guard) {
            this.rules = rules;
            this.session = session;
            this.guard = guard;
            if (guard != null) session.addEventListener(guard);
            session.addEventListener(new org.kie.api.event.rule.DefaultRuleRuntimeEventListener() {
                @Override
                public void objectInserted(org.kie.api.event.rule.ObjectInsertedEvent e) {
                    if (isDerived(e.getObject()) && derived.add(e.getObject())) changedSinceUpdate.add(e.getObject());
                }

                @Override
                public void objectDeleted(org.kie.api.event.rule.ObjectDeletedEvent e) {
                    if (derived.remove(e.getOldObject())) changedSinceUpdate.add(e.getOldObject());
                }

                @Override
                public void objectUpdated(org.kie.api.event.rule.ObjectUpdatedEvent e) {
                    if (derived.remove(e.getOldObject())) changedSinceUpdate.add(e.getOldObject());
                    if (isDerived(e.getObject()) && derived.add(e.getObject())) changedSinceUpdate.add(e.getObject());
                }
            });
        }

        private static boolean isDerived(Object o) {
            return o instanceof ScoreContribution
                    || o instanceof PromotionContribution
                    || o instanceof NodeUnavailable
                    || o instanceof ColocationEdge
                    || o instanceof OrderEdge
                    || o instanceof FenceRequest
                    || o instanceof StartBlock
                    || o instanceof StopRequest
                    || o instanceof DemoteRequest
                    || o instanceof Warning
                    || o instanceof MigrationAllowed
                    || o instanceof FenceDelay
                    || o instanceof io.hapc.engine.facts.UnfenceRequest;
        }

        /** The derived facts the last update inserted or retracted (what a re-decision must look at). */
        public java.util.Set<Object> lastChanges() {
            return java.util.Collections.unmodifiableSet(changedSinceUpdate);
        }

        /** Stops the update running on another thread at its next rule event (a real-time watchdog). */
        public void abort(String why) {
            if (guard != null) guard.abort(why);
            session.halt();
        }

        /**
         * Brings the session to `view` and fires. Throws {@link RuleBoundsExceeded} when admin rules
         * break a bound or fail; the session must not be used after that.
         */
        public DerivedFacts update(ClusterView view) {
            changedSinceUpdate.clear();
            java.util.Map<String, Object> next = new java.util.LinkedHashMap<>();
            next.put(
                    "cluster",
                    new ClusterFact(
                            view.options(), view.quorate(), view.hasFencingDevice(), view.now(), view.quorumLost()));
            view.nodes().forEach(n -> next.put("node:" + n.name(), n));
            nodePriorities(view).forEach(p -> next.put("priority:" + p.node(), p));
            view.constraints()
                    .forEach(c -> next.put("constraint:" + c.getClass().getSimpleName() + ":" + c.id(), c));
            view.tickets().forEach(t -> next.put("ticket:" + t.id(), t));
            java.util.Set<String> liveTrees = new java.util.HashSet<>();
            for (ResourceTree t : view.resources()) {
                liveTrees.add(t.id());
                if (lastTrees.get(t.id()) == t) continue; // unchanged: the same object as last time
                java.util.Map<String, Object> treeFacts = new java.util.LinkedHashMap<>();
                addTree(treeFacts, t);
                java.util.Set<String> oldKeys = keysByTree.getOrDefault(t.id(), java.util.Set.of());
                for (String k : oldKeys) if (!treeFacts.containsKey(k)) remove(k);
                treeFacts.forEach(this::put);
                keysByTree.put(t.id(), treeFacts.keySet());
                lastTrees.put(t.id(), t);
            }
            for (String gone : new java.util.ArrayList<>(lastTrees.keySet())) {
                if (liveTrees.contains(gone)) continue;
                keysByTree.remove(gone).forEach(this::remove);
                lastTrees.remove(gone);
            }
            java.util.Set<String> treeKeys = new java.util.HashSet<>();
            keysByTree.values().forEach(treeKeys::addAll);
            for (String k : new java.util.ArrayList<>(facts.keySet())) {
                if (!treeKeys.contains(k) && !next.containsKey(k)) remove(k);
            }
            next.forEach(this::put);
            if (guard != null)
                guard.start(facts.size()); // rules are evaluated when fired (phreak), so this covers them
            fire(session, rules);
            return collect(derived);
        }

        private void put(String key, Object fact) {
            Object old = facts.get(key);
            if (old == null) {
                handles.put(key, session.insert(fact));
            } else if (old != fact && !old.equals(fact)) {
                session.update(handles.get(key), fact);
            }
            facts.put(key, fact);
        }

        private void remove(String key) {
            org.kie.api.runtime.rule.FactHandle h = handles.remove(key);
            if (h != null) session.delete(h);
            facts.remove(key);
        }

        @Override
        public void close() {
            session.dispose();
        }
    }

    static DerivedFacts collect(KieSession session) {
        return collect(session.getObjects());
    }

    /** One pass over facts, sorting the derived ones by kind. */
    static DerivedFacts collect(java.util.Collection<?> objects) {
        List<ScoreContribution> scores = new ArrayList<>();
        List<PromotionContribution> promotion = new ArrayList<>();
        List<NodeUnavailable> unavailable = new ArrayList<>();
        List<ColocationEdge> colocations = new ArrayList<>();
        List<OrderEdge> orderings = new ArrayList<>();
        List<FenceRequest> fencing = new ArrayList<>();
        List<StartBlock> startBlocks = new ArrayList<>();
        List<StopRequest> stops = new ArrayList<>();
        List<DemoteRequest> demotes = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        List<MigrationAllowed> migrations = new ArrayList<>();
        List<io.hapc.engine.facts.RestartRequest> restarts = new ArrayList<>();
        List<FenceDelay> fenceDelays = new ArrayList<>();
        List<io.hapc.engine.facts.UnfenceRequest> unfencing = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof ScoreContribution x) scores.add(x);
            else if (o instanceof PromotionContribution x) promotion.add(x);
            else if (o instanceof NodeUnavailable x) unavailable.add(x);
            else if (o instanceof ColocationEdge x) colocations.add(x);
            else if (o instanceof OrderEdge x) orderings.add(x);
            else if (o instanceof FenceRequest x) fencing.add(x);
            else if (o instanceof StartBlock x) startBlocks.add(x);
            else if (o instanceof StopRequest x) stops.add(x);
            else if (o instanceof DemoteRequest x) demotes.add(x);
            else if (o instanceof Warning x) warnings.add(x);
            else if (o instanceof MigrationAllowed x) migrations.add(x);
            else if (o instanceof io.hapc.engine.facts.RestartRequest x) restarts.add(x);
            else if (o instanceof FenceDelay x) fenceDelays.add(x);
            else if (o instanceof io.hapc.engine.facts.UnfenceRequest x) unfencing.add(x);
        }
        // The session's object store iterates in hash order, which varies between JVMs (enum hash codes):
        // where order shows (which unrunnable first names a blocked start, warnings), fix it.
        orderings.sort(ORDERING_ORDER);
        warnings.sort(java.util.Comparator.comparing(Warning::message).thenComparing(Warning::rule));
        return new DerivedFacts(
                scores,
                promotion,
                unavailable,
                colocations,
                orderings,
                fencing,
                startBlocks,
                stops,
                demotes,
                warnings,
                migrations,
                restarts,
                fenceDelays,
                unfencing);
    }

    /** Constraint by constraint; within one, the members of a set in name order (Pacemaker names the first). */
    private static final java.util.Comparator<OrderEdge> ORDERING_ORDER = java.util.Comparator.comparing(
                    OrderEdge::source)
            .thenComparing(OrderEdge::first)
            .thenComparing(OrderEdge::firstAction)
            .thenComparing(OrderEdge::then)
            .thenComparing(OrderEdge::thenAction)
            .thenComparing(e -> e.kind().name())
            .thenComparing(OrderEdge::rule);
}
