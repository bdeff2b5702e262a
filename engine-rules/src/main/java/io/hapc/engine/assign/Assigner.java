package io.hapc.engine.assign;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.RemoteNode;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Greedy assignment, the part of the decision rules are the wrong tool for: resources in
 * priority order, each primary before its dependents, each to its best-scoring node.
 * It consumes only what the rules derived (score contributions, unavailable nodes, colocation
 * edges, stop requests) plus the cluster snapshot, and records why each choice was made.
 */
public final class Assigner {
    private final ClusterView view;
    private final Map<String, List<ScoreContribution>> scoresByTarget = new HashMap<>();
    private final Map<String, List<PromotionContribution>> promotionByTarget = new HashMap<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private final Map<String, List<ColocationEdge>> edgesByDependentUnit = new HashMap<>();
    private final Map<String, List<ColocationEdge>> edgesByPrimaryUnit = new HashMap<>();
    private final Set<String> stoppedByRequest = new HashSet<>();
    private final Set<String> fenced = new HashSet<>();
    private final Map<String, ResourceTree> unitOf = new HashMap<>();
    private final Map<String, Set<String>> locationNodesByTarget = new HashMap<>();
    private final NodeScoreSheet.NodeIndex nodeIndex;

    private final Map<String, String> nodeOf = new LinkedHashMap<>();
    private final Map<String, Role> roleOf = new LinkedHashMap<>();
    private final Map<String, LazyExplanations.Source> explanations = new LinkedHashMap<>();
    private final Map<String, Integer> load = new HashMap<>();
    private final Map<String, Map<String, Integer>> usedCapacity = new HashMap<>();
    private final Set<String> done = new HashSet<>();
    private final Set<String> inProgress = new HashSet<>();
    private final java.util.Deque<String> unitStack = new java.util.ArrayDeque<>();
    private final Set<String> undecided = new HashSet<>();
    /** Units whose dependents' preferences are being merged (guards colocation loops). */
    private final Set<String> mergingFrom = new HashSet<>();

    private final Map<String, String> containerOfBundleGuest = new HashMap<>();
    private final Set<String> guestsReadingHostAttributes = new HashSet<>();
    /** The containers of each bundle without a primitive: colocating with such a bundle is colocating with one of them. */
    private final Map<String, List<String>> containersOfPlainBundle = new HashMap<>();

    private final Previous previous;
    private final Set<String> reusable;

    /** The last decision of a long-lived engine, so unchanged and settled resources keep their node cheaply. */
    public record Previous(ClusterView view, DerivedFacts facts, Placement placement, Set<Object> derivedChanges) {
        /** Without a known list of changes, the derived facts are compared in full. */
        public Previous(ClusterView view, DerivedFacts facts, Placement placement) {
            this(view, facts, placement, null);
        }
    }

    private Assigner(ClusterView view, DerivedFacts facts, Previous previous) {
        this.view = view;
        view.bundleReplicas().forEach(b -> b.guestNode().ifPresent(g -> containerOfBundleGuest.put(g, b.container())));
        view.bundleReplicas().stream()
                .filter(b -> b.guestNode().isEmpty())
                .forEach(b -> containersOfPlainBundle
                        .computeIfAbsent(b.bundleId(), k -> new ArrayList<>())
                        .add(b.container()));
        view.bundleReplicas().stream()
                .filter(b -> b.hostAttributes())
                .forEach(b -> b.guestNode().ifPresent(guestsReadingHostAttributes::add));
        this.previous = previous;
        this.nodeIndex = NodeScoreSheet.NodeIndex.of(
                view.nodes().stream().map(NodeView::name).toList());
        for (ScoreContribution s : facts.scores()) {
            scoresByTarget.computeIfAbsent(s.target(), k -> new ArrayList<>()).add(s);
            if (s.kind() == ScoreContribution.Kind.LOCATION)
                locationNodesByTarget
                        .computeIfAbsent(s.target(), k -> new HashSet<>())
                        .add(s.node());
        }
        for (PromotionContribution p : facts.promotionScores()) {
            promotionByTarget
                    .computeIfAbsent(p.target(), k -> new ArrayList<>())
                    .add(p);
        }
        for (NodeUnavailable u : facts.unavailableNodes()) unavailable.putIfAbsent(u.node(), u.reason());
        facts.fencing().forEach(f -> fenced.add(f.node()));
        for (StopRequest r : facts.stopRequests()) {
            if (r.kind() == StopRequest.Kind.LEAVE_UNASSIGNED) stoppedByRequest.add(r.target());
        }
        for (ResourceTree t : view.resources()) indexUnit(t, t);
        // Rules fire in no particular order; apply colocations in the order they are configured.
        Map<String, Integer> constraintOrder = new HashMap<>();
        for (int i = 0; i < view.constraints().size(); i++)
            constraintOrder.put(view.constraints().get(i).id(), i);
        List<ColocationEdge> colocations = new ArrayList<>(facts.colocations());
        colocations.sort(Comparator.comparingInt(
                        (ColocationEdge e) -> constraintOrder.getOrDefault(e.source(), Integer.MAX_VALUE))
                .thenComparing(ColocationEdge::source)
                .thenComparing(ColocationEdge::dependent)
                .thenComparing(ColocationEdge::primary));
        for (ColocationEdge e : colocations) {
            ResourceTree dep = unitOf.get(e.dependent());
            List<ResourceTree> prims = primaryUnits(e.primary());
            if (dep == null || prims.isEmpty() || prims.contains(dep)) continue;
            edgesByDependentUnit
                    .computeIfAbsent(dep.id(), k -> new ArrayList<>())
                    .add(e);
            // The dependents of a bundle without a primitive do not pull its containers one by one.
            if (unitOf.containsKey(e.primary()))
                edgesByPrimaryUnit
                        .computeIfAbsent(prims.get(0).id(), k -> new ArrayList<>())
                        .add(e);
        }
        this.reusable = previous == null
                ? Set.of()
                : ReassignmentScope.reusableUnits(
                        view, facts, previous, unitOf, edgesByDependentUnit, edgesByPrimaryUnit);
    }

    public static Placement assign(ClusterView view, DerivedFacts facts) {
        return new Assigner(view, facts, null).run();
    }

    /**
     * Assigns again after a change, in the same order as a full run; a resource whose inputs did
     * not change and whose last node won on score alone (no tie-break) is placed where it was
     * without scoring it again — the same result a full run gives, for a fraction of the work.
     */
    public static Placement reassign(ClusterView view, DerivedFacts facts, Previous previous) {
        return new Assigner(view, facts, previous).run();
    }

    /** The units an edge's primary names: its own, or the containers of a bundle without a primitive. */
    private List<ResourceTree> primaryUnits(String primary) {
        ResourceTree unit = unitOf.get(primary);
        if (unit != null) return List.of(unit);
        List<ResourceTree> out = new ArrayList<>();
        for (String c : containersOfPlainBundle.getOrDefault(primary, List.of())) {
            ResourceTree u = unitOf.get(c);
            if (u != null && !out.contains(u)) out.add(u);
        }
        return out;
    }

    private void indexUnit(ResourceTree unit, ResourceTree t) {
        unitOf.put(t.id(), unit);
        if (t instanceof ResourceTree.GroupOf g) {
            unitOf.put(g.configId(), unit);
            g.members().forEach(m -> {
                unitOf.put(m.id(), unit);
                unitOf.put(m.primitiveId(), unit);
            });
        } else if (t instanceof ResourceTree.CloneOf c) {
            unitOf.put(c.childId(), unit);
            c.instances().forEach(i -> indexUnit(unit, i));
        } else if (t instanceof ResourceTree.Single s) {
            unitOf.put(s.view().primitiveId(), unit);
        }
    }

    private Placement run() {
        List<ResourceTree> order = new ArrayList<>(view.resources());
        Comparator<ResourceTree> byPriority =
                Comparator.comparingInt(ResourceTree::priority).reversed();
        if (!view.options().placementStrategy().equals("default")) {
            // With a placement strategy, resources that score higher where they run now go first,
            // so a resource that has to leave its node cannot evict one that may stay.
            Map<String, Integer> currentScore = new HashMap<>();
            for (ResourceTree t : order) currentScore.put(t.id(), scoreWhereRunning(t));
            byPriority = byPriority.thenComparing(t -> -currentScore.get(t.id()));
        }
        order.sort(byPriority);
        assignRemoteConnections();
        for (ResourceTree t : order) {
            assignBundleConnections(t.id());
            assignUnit(t);
        }
        Set<String> settled = new HashSet<>();
        for (ResourceTree t : view.resources()) if (!undecided.contains(t.id())) settled.add(t.id());
        return new Placement(nodeOf, roleOf, new LazyExplanations(explanations), settled);
    }

    /**
     * Remote connections first (as Pacemaker does), with the containers of guest nodes they follow:
     * a remote or guest node can host resources only if its connection (and container) will run.
     */
    private void assignRemoteConnections() {
        Set<String> bundleGuests = new HashSet<>();
        view.bundleReplicas().forEach(b -> b.guestNode().ifPresent(bundleGuests::add));
        // A bundle's guest nodes come with the bundle, in its place (assignBundleConnections).
        List<NodeView> remotes = view.nodes().stream()
                .filter(NodeView::remoteNode)
                .filter(n -> !bundleGuests.contains(n.name()))
                .toList();
        for (NodeView n : remotes) {
            ResourceTree connection = unitOf.get(n.remote().get().connection());
            if (connection != null) assignUnit(connection);
        }
        markUnreachable(remotes);
    }

    /** Before a bundle's inner clone: the connections of its guest nodes (which follow their containers). */
    private void assignBundleConnections(String bundleId) {
        List<NodeView> guests = view.bundleReplicas().stream()
                .filter(b -> b.bundleId().equals(bundleId))
                .flatMap(b -> b.guestNode().stream())
                .map(view.nodesByName()::get)
                .filter(java.util.Objects::nonNull)
                .toList();
        for (NodeView n : guests) {
            ResourceTree connection = unitOf.get(n.remote().get().connection());
            if (connection != null) assignUnit(connection);
        }
        markUnreachable(guests);
    }

    private void markUnreachable(List<NodeView> remotes) {
        for (NodeView n : remotes) {
            RemoteNode rn = n.remote().get();
            if (rn.fencingRevocable() && nodeOf.containsKey(rn.connection())) {
                unavailable.remove(n.name()); // the connection comes back: no fencing, the node is usable
            }
            if (!nodeOf.containsKey(rn.connection())) {
                unavailable.putIfAbsent(n.name(), "its connection " + rn.connection() + " will not run");
            } else if (rn.container().isPresent()
                    && !nodeOf.containsKey(rn.container().get())) {
                unavailable.putIfAbsent(
                        n.name(), "its container " + rn.container().get() + " will not run");
            }
        }
    }

    private int scoreWhereRunning(ResourceTree t) {
        Optional<String> node = t.primitives()
                .map(Assigner::currentNode)
                .flatMap(Optional::stream)
                .findFirst();
        if (node.isEmpty() || unavailable.containsKey(node.get())) return Score.MINUS_INFINITY;
        return baseSheet(targetsOf(t)).score(node.get());
    }

    /**
     * Assigns a unit after the units it is colocated with (primaries first, in priority order), depth first.
     * An explicit stack, not recursion: a colocation chain may be thousands of resources long.
     */
    private void assignUnit(ResourceTree root) {
        if (!enter(root)) return;
        java.util.Deque<Map.Entry<ResourceTree, java.util.Iterator<ResourceTree>>> frames =
                new java.util.ArrayDeque<>();
        frames.push(Map.entry(root, primariesFirst(root).iterator()));
        while (!frames.isEmpty()) {
            var frame = frames.peek();
            if (frame.getValue().hasNext()) {
                ResourceTree primary = frame.getValue().next();
                if (enter(primary))
                    frames.push(Map.entry(primary, primariesFirst(primary).iterator()));
                continue;
            }
            frames.pop();
            ResourceTree unit = frame.getKey();
            if (unit instanceof ResourceTree.Single s) assignPrimitive(s.view(), unit);
            else if (unit instanceof ResourceTree.GroupOf g) assignGroup(g, unit);
            else {
                // A bundle reached as another unit's primary: its containers first, as from run().
                assignBundleConnections(unit.id());
                assignClone((ResourceTree.CloneOf) unit);
            }
            unitStack.pop();
            inProgress.remove(unit.id());
            done.add(unit.id());
        }
    }

    /** Starts a unit's assignment; false when there is nothing to do (done, under way in a loop, or reused). */
    private boolean enter(ResourceTree unit) {
        if (done.contains(unit.id()) || inProgress.contains(unit.id())) return false;
        if (reusable.contains(unit.id())) {
            reuse(unit);
            return false;
        }
        inProgress.add(unit.id());
        unitStack.push(unit.id());
        return true;
    }

    /** Primaries first: a dependent can only be placed relative to where its primaries are. */
    private List<ResourceTree> primariesFirst(ResourceTree unit) {
        List<ResourceTree> out = new ArrayList<>();
        for (ColocationEdge e : edgesByDependentUnit.getOrDefault(unit.id(), List.of()))
            out.addAll(primaryUnits(e.primary()));
        out.sort(Comparator.comparingInt(ResourceTree::priority).reversed());
        return out;
    }

    /** Places an unchanged, settled resource where the previous decision put it. */
    private void reuse(ResourceTree unit) {
        Placement last = previous.placement();
        Map<String, LazyExplanations.Source> sources = ((LazyExplanations) last.explanations()).sources();
        if (sources.containsKey(unit.id())) explanations.put(unit.id(), sources.get(unit.id()));
        unit.primitives().forEach(p -> {
            last.node(p.id()).ifPresent(n -> place(p, n));
            Role role = last.roleOf().get(p.id());
            if (role != null) roleOf.put(p.id(), role);
            LazyExplanations.Source src = sources.get(p.id());
            if (src != null) explanations.put(p.id(), src);
        });
        done.add(unit.id());
    }

    // ---- scores -----------------------------------------------------------------------------------

    private NodeScoreSheet baseSheet(List<String> targets) {
        NodeScoreSheet sheet = new NodeScoreSheet(nodeIndex);
        for (NodeView n : view.nodes()) {
            boolean allowed = view.options().symmetricCluster()
                    || targets.stream()
                            .anyMatch(t -> locationNodesByTarget
                                    .getOrDefault(t, Set.of())
                                    .contains(n.name()));
            if (allowed) sheet.allow(n.name());
        }
        for (String t : targets) {
            for (ScoreContribution s : scoresByTarget.getOrDefault(t, List.of())) {
                if (sheet.contains(s.node())
                        || !view.options().symmetricCluster() && s.kind() == ScoreContribution.Kind.LOCATION) {
                    sheet.add(s.node(), s.score(), s.reason(), s.rule());
                }
            }
        }
        return sheet;
    }

    private void applyColocations(ResourceTree unit, NodeScoreSheet sheet, Optional<Role> forRole) {
        applyColocations(unit, sheet, forRole, true);
        applyColocations(unit, sheet, forRole, false);
    }

    /**
     * Applies this unit's colocations with already placed primaries: the mandatory ones (with
     * `mandatory`) or the optional ones. Like Pacemaker, an optional colocation that would leave the
     * resource no available node is rolled back: keeping resources active beats a preference.
     */
    private void applyColocations(ResourceTree unit, NodeScoreSheet sheet, Optional<Role> forRole, boolean mandatory) {
        for (ColocationEdge e : edgesByDependentUnit.getOrDefault(unit.id(), List.of())) {
            // A colocation of a promotable clone's role (Promoted or Unpromoted) decides roles, not nodes.
            if (e.dependentRole().map(r -> r == Role.PROMOTED).orElse(false) && forRole.isEmpty()) continue;
            if (e.dependentRole().map(r -> r == Role.UNPROMOTED).orElse(false)
                    && unit instanceof ResourceTree.CloneOf c
                    && c.promotable()) continue;
            if (isMandatory(e.score()) != mandatory) continue;
            // A colocation loop: the primary waits on this resource; place this one first and let
            // the primary follow it.
            if (!primaryUnits(e.primary()).stream().allMatch(u -> done.contains(u.id()))) continue;
            Set<String> primaryNodes = hosts(nodesOf(e.primary(), e.primaryRole()));
            if (isGuestConnection(e.dependent())) primaryNodes = remoteConnectionHosts(primaryNodes);
            String why = "colocation " + e.source() + " with " + e.primary();
            NodeScoreSheet target = mandatory ? sheet : sheet.copy();
            if (e.score() >= Score.INFINITY) {
                for (String n : target.nodes()) {
                    if (!primaryNodes.contains(host(n)))
                        target.add(n, Score.MINUS_INFINITY, why + " (not on its node)", e.rule());
                }
            } else if (e.score() <= Score.MINUS_INFINITY) {
                for (String n : target.nodes())
                    if (primaryNodes.contains(host(n))) target.add(n, Score.MINUS_INFINITY, why, e.rule());
            } else if (e.score() != 0) {
                for (String n : target.nodes())
                    if (primaryNodes.contains(host(n))) target.add(n, e.score(), why, e.rule());
            }
            if (!mandatory && anyAvailable(target)) adopt(sheet, target);
        }
    }

    private static boolean isMandatory(int score) {
        return score >= Score.INFINITY || score <= Score.MINUS_INFINITY;
    }

    /** Takes over the contributions `trial` (a copy of `sheet` with more added) has beyond `sheet`. */
    private static void adopt(NodeScoreSheet sheet, NodeScoreSheet trial) {
        Map<String, List<ScoreReason>> before = sheet.reasons();
        for (var entry : trial.reasons().entrySet()) {
            List<ScoreReason> added = entry.getValue();
            int have = before.getOrDefault(entry.getKey(), List.of()).size();
            for (ScoreReason r : added.subList(have, added.size()))
                sheet.add(entry.getKey(), r.score(), r.reason(), r.rule());
        }
    }

    /**
     * Colocation scores in Pacemaker's order: mandatory colocations with primaries, then the mandatory
     * preferences of dependents, then the optional ones (each rolled back if it leaves no node).
     */
    private void colocate(ResourceTree unit, NodeScoreSheet sheet) {
        applyColocations(unit, sheet, Optional.empty(), true);
        mergeDependentPreferences(unit, sheet, true);
        applyColocations(unit, sheet, Optional.empty(), false);
        mergeDependentPreferences(unit, sheet, false);
    }

    /**
     * Lets unassigned dependents pull their primary towards nodes they prefer (and away from nodes
     * they cannot use). An anti-colocated dependent pushes its primary away from the nodes it
     * prefers, and towards a node it cannot use only when it has a single node left: the primary
     * then leaves that node to it.
     */
    private void mergeDependentPreferences(ResourceTree unit, NodeScoreSheet sheet, boolean mandatory) {
        for (ColocationEdge e : edgesByPrimaryUnit.getOrDefault(unit.id(), List.of())) {
            ResourceTree dep = unitOf.get(e.dependent());
            if (dep == null || done.contains(dep.id()) || e.score() == 0 || isMandatory(e.score()) != mandatory)
                continue;
            if (e.score() < 0 && e.score() <= Score.MINUS_INFINITY) continue;
            if (e.primaryRole().isPresent() && e.primaryRole().get() == Role.PROMOTED) continue;
            // influence=false: the dependent does not move an active primary (an inactive one it still pulls).
            if (!e.influence() && unit.primitives().anyMatch(p -> currentNode(p).isPresent())) continue;
            NodeScoreSheet depSheet = baseSheet(targetsOf(dep));
            // For a clone, the dependent's own unplaced dependents pull it in turn (a chain rsc -> group -> clone).
            if (!mergingFrom.isEmpty() && e.score() > 0 && mergingFrom.add(dep.id())) {
                try {
                    mergeDependentPreferences(dep, depSheet, mandatory);
                } finally {
                    mergingFrom.remove(dep.id());
                }
            }
            double factor = Math.min(1.0, e.score() / (double) Score.INFINITY);
            NodeScoreSheet trial = sheet.copy();
            if (factor < 0) {
                int depAvailable = 0;
                for (String n : depSheet.nodes())
                    if (depSheet.score(n) >= 0 && !unavailable.containsKey(n)) depAvailable++;
                for (String n : sheet.nodes()) {
                    int ds = depSheet.contains(n) ? depSheet.score(n) : Score.MINUS_INFINITY;
                    if (ds < 0 && depAvailable > 1) continue;
                    int weighted = (int) (factor * Math.max(Score.MINUS_INFINITY, Math.min(Score.INFINITY, ds)));
                    if (weighted != 0)
                        trial.add(
                                n,
                                weighted,
                                "anti-colocated " + e.dependent() + (ds < 0 ? " cannot run here" : " prefers it") + " ("
                                        + e.source() + ")",
                                e.rule());
                }
                if (anyAvailable(trial)) adopt(sheet, trial);
                continue;
            }
            boolean guestConnection = isGuestConnection(e.dependent());
            for (String n : sheet.nodes()) {
                // A container on a remote node has its guest's connection beside that node's connection.
                if (guestConnection && isRemoteHost(n)) continue;
                int ds = depSheet.contains(n) ? depSheet.score(n) : Score.MINUS_INFINITY;
                if (!depSheet.contains(n) && !view.options().symmetricCluster()) ds = Score.MINUS_INFINITY;
                int weighted = ds <= Score.MINUS_INFINITY
                        ? (factor >= 1.0 ? Score.MINUS_INFINITY : 0)
                        : ds >= Score.INFINITY ? (int) (factor * Score.INFINITY) : (int) (factor * ds);
                if (unavailable.containsKey(n) && factor >= 1.0) weighted = 0;
                // A clone only takes what its dependents prefer, never their bans (its instances stay put).
                if (!mergingFrom.isEmpty() && weighted < 0) continue;
                if (weighted != 0)
                    trial.add(n, weighted, "colocated " + e.dependent() + " prefers it (" + e.source() + ")", e.rule());
            }
            // A guest node's container is pointless where its connection cannot run: that holds
            // even when it leaves the container nowhere to go.
            if (anyAvailable(trial)
                    || guestConnection && factor >= 1.0 && !containerOfBundleGuest.containsKey(e.dependent()))
                adopt(sheet, trial);
        }
    }

    private boolean anyAvailable(NodeScoreSheet sheet) {
        for (String n : sheet.nodes()) if (sheet.score(n) >= 0 && !unavailable.containsKey(n)) return true;
        return false;
    }

    private List<String> targetsOf(ResourceTree t) {
        List<String> out = new ArrayList<>();
        out.add(t.id());
        if (t instanceof ResourceTree.GroupOf g) g.members().forEach(m -> out.add(m.id()));
        return out;
    }

    /**
     * Where a node's resources really are, for colocations: a bundle's guest node is the host its
     * container is placed on (Pacemaker colocates with a bundle through its containers).
     */
    private String host(String node) {
        String container = containerOfBundleGuest.get(node);
        if (container == null) return node;
        String h = nodeOf.get(container);
        return h == null ? node : h;
    }

    /** The connection of a guest node (it runs with the guest's container). */
    private boolean isGuestConnection(String id) {
        return view.nodes().stream()
                .anyMatch(n -> n.guestNode() && n.remote().get().connection().equals(id));
    }

    /** A Pacemaker Remote node (not a guest): containers may run there, their guests' connections may not. */
    private boolean isRemoteHost(String node) {
        return view.node(node).map(n -> n.remoteNode() && !n.guestNode()).orElse(false);
    }

    /**
     * Where a guest's connection can run beside its container: a container on a Pacemaker Remote
     * node has the connection on the cluster node running that remote node's connection.
     */
    private Set<String> remoteConnectionHosts(Set<String> nodes) {
        Set<String> out = new HashSet<>();
        for (String n : nodes) {
            String via = isRemoteHost(n)
                    ? nodeOf.get(view.node(n).get().remote().get().connection())
                    : null;
            out.add(via != null ? via : n);
        }
        return out;
    }

    private Set<String> hosts(Set<String> nodes) {
        if (containerOfBundleGuest.isEmpty()) return nodes;
        Set<String> out = new HashSet<>();
        for (String n : nodes) out.add(host(n));
        return out;
    }

    private Set<String> nodesOf(String id, Optional<Role> role) {
        Set<String> out = new HashSet<>();
        ResourceTree unit = unitOf.get(id);
        if (unit == null) {
            // A bundle without a primitive is where its containers are.
            for (String c : containersOfPlainBundle.getOrDefault(id, List.of())) {
                String n = nodeOf.get(c);
                if (n != null) out.add(n);
            }
            return out;
        }
        unit.primitives().forEach(p -> {
            String n = nodeOf.get(p.id());
            if (n == null) return;
            if (role.isPresent() && role.get() == Role.PROMOTED && roleOf.get(p.id()) != Role.PROMOTED) return;
            if (role.isPresent() && role.get() == Role.UNPROMOTED && roleOf.get(p.id()) == Role.PROMOTED) return;
            out.add(n);
        });
        return out;
    }

    // ---- choosing a node ----------------------------------------------------------------------------

    private Optional<String> choose(
            NodeScoreSheet sheet, Optional<String> current, Map<String, Integer> demand, Set<String> excluded) {
        String strategy = view.options().placementStrategy();
        List<String> candidates = new ArrayList<>();
        for (String n : sheet.nodes()) {
            if (sheet.score(n) < 0 || unavailable.containsKey(n) || excluded.contains(n)) continue;
            if (!strategy.equals("default") && !fits(n, demand)) continue;
            candidates.add(n);
        }
        if (candidates.isEmpty()) return Optional.empty();
        if (candidates.size() > 1 && !unitStack.isEmpty()) {
            int best = Integer.MIN_VALUE;
            int ties = 0;
            for (String n : candidates) {
                int sc = sheet.score(n);
                if (sc > best) {
                    best = sc;
                    ties = 1;
                } else if (sc == best) {
                    ties++;
                }
            }
            if (ties > 1) undecided.add(unitStack.peek()); // a tie-break chose: load may choose otherwise next time
        }
        // Ties: more spare capacity (balanced), fewer assigned resources (unless minimal), the
        // preferred node (clone instances: where they run now), then the name.
        Comparator<String> order = Comparator.comparingInt((String n) -> -sheet.score(n));
        if (strategy.equals("balanced")) order = order.thenComparingInt(n -> -remainingCapacity(n));
        if (!strategy.equals("minimal")) order = order.thenComparingInt(n -> load.getOrDefault(n, 0));
        order = order.thenComparing(n -> current.map(n::equals).orElse(false) ? 0 : 1)
                .thenComparing(n -> n);
        return candidates.stream().min(order);
    }

    /**
     * With a placement strategy, a node must have room for the resource and for the unassigned
     * resources in its chain of mandatory colocations (Pacemaker sums them before placing it). If
     * no node has room for all of them, room for the resource alone will do, and the node with the
     * most capacity left wins among the best-scoring ones (so the chain has the best chance to follow).
     */
    private Optional<String> chooseWithColocatedDemand(
            ResourceTree unit,
            boolean instance,
            NodeScoreSheet sheet,
            Optional<String> current,
            Map<String, Integer> own,
            Set<String> excluded) {
        if (view.options().placementStrategy().equals("default")) return choose(sheet, current, own, excluded);
        Map<String, Integer> total = new HashMap<>(own);
        addColocatedDemand(unit, instance, total);
        if (total.equals(own)) return choose(sheet, current, own, excluded);
        Optional<String> all = choose(sheet, current, total, excluded);
        if (all.isPresent()) return all;
        Optional<String> alone = choose(sheet, current, own, excluded);
        if (alone.isEmpty()) return alone;
        List<String> available = new ArrayList<>();
        for (String n : sheet.nodes()) {
            if (sheet.score(n) >= 0 && !unavailable.containsKey(n) && !excluded.contains(n)) available.add(n);
        }
        List<String> mostCapable = new ArrayList<>();
        for (String n : available) {
            int cmp = mostCapable.isEmpty() ? -1 : compareCapacity(n, mostCapable.get(0));
            if (cmp < 0) mostCapable.clear();
            if (cmp <= 0) mostCapable.add(n);
        }
        int best = sheet.score(alone.get());
        if (mostCapable.contains(alone.get())) return alone;
        List<String> preferred = mostCapable.stream()
                .filter(n -> sheet.score(n) >= best && fits(n, own))
                .toList();
        if (preferred.isEmpty()) return alone;
        Set<String> others = new HashSet<>(excluded);
        for (String n : sheet.nodes()) if (!preferred.contains(n)) others.add(n);
        return choose(sheet, current, own, others);
    }

    /**
     * Compares the capacity left on two nodes, attribute by attribute: negative when `a` has more
     * of more attributes, positive when `b` has.
     */
    private int compareCapacity(String a, String b) {
        Map<String, Integer> capA = view.nodesByName().get(a).capacity();
        Map<String, Integer> capB = view.nodesByName().get(b).capacity();
        Set<String> keys = new HashSet<>(capA.keySet());
        keys.addAll(capB.keySet());
        int result = 0;
        for (String k : keys) {
            int left = capA.getOrDefault(k, 0)
                    - usedCapacity.getOrDefault(a, Map.of()).getOrDefault(k, 0);
            int right = capB.getOrDefault(k, 0)
                    - usedCapacity.getOrDefault(b, Map.of()).getOrDefault(k, 0);
            result += Integer.compare(right, left);
        }
        return result;
    }

    /**
     * Adds what the resources in the unit's chain of mandatory colocations (both ways, transitively)
     * that are not placed yet will need. From a clone the chain goes on only to dependents that are
     * clones too (a non-clone dependent may end up beside any instance); a clone in the chain counts
     * one instance. A clone's instance starts the chain with its clone's colocations.
     */
    private void addColocatedDemand(ResourceTree start, boolean instance, Map<String, Integer> total) {
        // A work list, not recursion: mandatory colocations may form a long chain.
        Set<String> seen = new HashSet<>(Set.of(start.id()));
        java.util.Deque<ResourceTree> todo = new java.util.ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            ResourceTree unit = todo.pop();
            boolean fromClone = unit instanceof ResourceTree.CloneOf && !(unit == start && instance);
            List<ResourceTree> next = new ArrayList<>();
            for (ColocationEdge e : edgesByDependentUnit.getOrDefault(unit.id(), List.of())) {
                if (e.score() >= Score.INFINITY && affectsLocation(e)) next.add(unitOf.get(e.primary()));
            }
            for (ColocationEdge e : edgesByPrimaryUnit.getOrDefault(unit.id(), List.of())) {
                ResourceTree dep = unitOf.get(e.dependent());
                if (fromClone && !(dep instanceof ResourceTree.CloneOf)) continue;
                if (e.score() >= Score.INFINITY && affectsLocation(e)) next.add(dep);
            }
            for (ResourceTree other : next) {
                if (other == null || !seen.add(other.id())) continue;
                todo.push(other);
                if (done.contains(other.id())) continue;
                ResourceTree counted = other instanceof ResourceTree.CloneOf c
                        ? (c.instances().isEmpty() ? null : c.instances().get(0))
                        : other;
                if (counted != null) demandOf(counted).forEach((k, v) -> total.merge(k, v, Integer::sum));
            }
        }
    }

    /** A colocation between the roles of a promotable clone decides roles, not nodes. */
    private boolean affectsLocation(ColocationEdge e) {
        return e.dependentRole().map(r -> r != Role.PROMOTED).orElse(true);
    }

    private boolean fits(String node, Map<String, Integer> demand) {
        NodeView n = view.nodesByName().get(node);
        Map<String, Integer> used = usedCapacity.getOrDefault(node, Map.of());
        // Only what the node declares a capacity for is limited (as in Pacemaker).
        for (var cap : n.capacity().entrySet()) {
            int need = demand.getOrDefault(cap.getKey(), 0);
            if (need > 0 && used.getOrDefault(cap.getKey(), 0) + need > cap.getValue()) return false;
        }
        return true;
    }

    private int remainingCapacity(String node) {
        NodeView n = view.nodesByName().get(node);
        Map<String, Integer> used = usedCapacity.getOrDefault(node, Map.of());
        int sum = 0;
        for (var c : n.capacity().entrySet()) sum += c.getValue() - used.getOrDefault(c.getKey(), 0);
        return sum;
    }

    private void place(ResourceView r, String node) {
        nodeOf.put(r.id(), node);
        load.merge(node, 1, Integer::sum);
        Map<String, Integer> used = usedCapacity.computeIfAbsent(node, k -> new HashMap<>());
        r.utilization().forEach((k, v) -> used.merge(k, v, Integer::sum));
    }

    private String verdict(NodeScoreSheet sheet, Optional<String> chosen) {
        if (chosen.isPresent())
            return "runs on " + chosen.get() + " (score " + Score.format(sheet.score(chosen.get())) + ")";
        return "cannot run anywhere: no available node has a score of 0 or more";
    }

    /** Resources that stay exactly where they are, whatever the scores say: unmanaged or blocked by a failure. */
    private static boolean frozen(ResourceView r) {
        return !r.meta().managed() || r.presence().stream().anyMatch(Presence::blocked);
    }

    private boolean wantedStopped(ResourceView r) {
        return r.orphan()
                || r.meta().targetRole().map(t -> t == Role.STOPPED).orElse(false)
                || stoppedByRequest.contains(r.id())
                || stoppedByRequest.contains("*");
    }

    private boolean frozenInPlace(ResourceView r) {
        if (!frozen(r)) return false;
        r.presence().stream().filter(p -> p.role() != Role.STOPPED).findFirst().ifPresent(p -> {
            place(r, p.node());
            roleOf.put(r.id(), p.role());
        });
        explanations.put(
                r.id(),
                new LazyExplanations.Source(r.id(), null, r.currentNode(), "unmanaged or blocked: stays as it is"));
        return true;
    }

    // ---- primitives, groups, clones -----------------------------------------------------------------

    private void assignPrimitive(ResourceView r, ResourceTree unit) {
        if (frozenInPlace(r)) return;
        NodeScoreSheet sheet = baseSheet(List.of(r.id()));
        colocate(unit, sheet);
        Optional<String> chosen = wantedStopped(r)
                ? Optional.empty()
                : chooseWithColocatedDemand(unit, false, sheet, currentNode(r), r.utilization(), Set.of());
        chosen = completingPartialMigration(r, sheet, chosen);
        chosen.ifPresent(n -> place(r, n));
        explanations.put(
                r.id(),
                new LazyExplanations.Source(
                        r.id(),
                        sheet,
                        chosen,
                        wantedStopped(r)
                                ? "is meant to be stopped (target-role, on-fail=stop or no longer configured)"
                                : verdict(sheet, chosen)));
    }

    /**
     * A resource half way through a live migration (migrate_to done) stays on its way: among nodes
     * as good as the chosen one, its migration target wins (Pacemaker counts the target as its
     * current node), so that the migration can be completed.
     */
    private Optional<String> completingPartialMigration(ResourceView r, NodeScoreSheet sheet, Optional<String> chosen) {
        if (chosen.isEmpty()
                || !r.migration().partial()
                || !view.options().placementStrategy().equals("default")) return chosen;
        String target = r.migration().partialTarget().get();
        if (target.equals(chosen.get()) || unavailable.containsKey(target)) return chosen;
        return sheet.score(target) >= 0 && sheet.score(target) == sheet.score(chosen.get())
                ? Optional.of(target)
                : chosen;
    }

    private static Optional<String> currentNode(ResourceView r) {
        return r.presence().stream()
                .filter(p -> p.role() != Role.STOPPED)
                .map(Presence::node)
                .findFirst();
    }

    private void assignGroup(ResourceTree.GroupOf g, ResourceTree unit) {
        // The group goes where its first member may run; later members add their preferences
        // unless that would leave the group nowhere to run (then they just stay stopped).
        NodeScoreSheet sheet = baseSheet(
                g.members().isEmpty()
                        ? List.of(g.id())
                        : List.of(g.id(), g.members().get(0).id()));
        applyColocations(unit, sheet, Optional.empty(), true);
        for (int i = 1; i < g.members().size(); i++) {
            NodeScoreSheet trial = sheet.copy();
            String member = g.members().get(i).id();
            for (ScoreContribution s : scoresByTarget.getOrDefault(member, List.of())) {
                if (trial.contains(s.node()))
                    trial.add(s.node(), s.score(), s.reason() + " (member " + member + ")", s.rule());
            }
            if (anyAvailable(trial)) sheet = trial;
        }
        mergeDependentPreferences(unit, sheet, true);
        applyColocations(unit, sheet, Optional.empty(), false);
        mergeDependentPreferences(unit, sheet, false);
        Map<String, Integer> demand = new HashMap<>();
        g.members().forEach(m -> m.utilization().forEach((k, v) -> demand.merge(k, v, Integer::sum)));
        boolean allFrozen = g.members().stream().allMatch(Assigner::frozen);
        if (allFrozen) {
            g.members().forEach(this::frozenInPlace);
            return;
        }
        ResourceView first = g.members().isEmpty() ? null : g.members().get(0);
        Optional<String> chosen = first == null || wantedStopped(first) && !frozen(first)
                ? Optional.empty()
                : chooseWithColocatedDemand(
                        unit,
                        false,
                        sheet,
                        g.members().stream()
                                .map(Assigner::currentNode)
                                .flatMap(Optional::stream)
                                .findFirst(),
                        demand,
                        Set.of());
        explanations.put(g.id(), new LazyExplanations.Source(g.id(), sheet, chosen, verdict(sheet, chosen)));
        boolean previousPlaced = true;
        // Each member runs with the one before it: after a member left where it is (unmanaged or
        // blocked), the next ones may only run on that member's node, if it can take them.
        Optional<String> pinned = Optional.empty();
        for (ResourceView m : g.members()) {
            if (frozenInPlace(m)) {
                previousPlaced = nodeOf.containsKey(m.id());
                pinned = Optional.ofNullable(nodeOf.get(m.id()));
                continue;
            }
            NodeScoreSheet own = baseSheet(List.of(m.id()));
            NodeScoreSheet groupSheet = sheet;
            Optional<String> target = pinned.isPresent()
                    ? pinned.filter(n -> !unavailable.containsKey(n) && groupSheet.score(n) >= 0)
                    : chosen;
            boolean ok = previousPlaced
                    && target.isPresent()
                    && !wantedStopped(m)
                    && own.score(target.get()) > Score.MINUS_INFINITY;
            if (ok) place(m, target.get());
            previousPlaced = ok;
            explanations.put(
                    m.id(),
                    new LazyExplanations.Source(
                            m.id(),
                            own,
                            ok ? target : Optional.empty(),
                            ok
                                    ? "runs with its group " + g.id() + " on " + target.get()
                                    : "cannot run: its group " + g.id() + " or an earlier member cannot run there"));
        }
    }

    private void assignClone(ResourceTree.CloneOf c) {
        Map<String, Integer> perNode = new HashMap<>();
        Map<ResourceTree, NodeScoreSheet> sheets = new LinkedHashMap<>();
        for (ResourceTree inst : c.instances()) {
            NodeScoreSheet sheet = baseSheet(targetsOf(inst));
            applyColocations(c, sheet, Optional.empty(), true);
            mergingFrom.add(c.id());
            mergeDependentPreferences(c, sheet, true);
            applyColocations(c, sheet, Optional.empty(), false);
            mergeDependentPreferences(c, sheet, false);
            mergingFrom.remove(c.id());
            sheets.put(inst, sheet);
        }
        List<ResourceTree> pending = new ArrayList<>();
        // Instances that run somewhere keep their node when they still may and the node does not
        // already hold its fair share (clone-max spread over the nodes that can take instances).
        long usable = view.nodes().stream()
                .filter(n -> !unavailable.containsKey(n.name())
                        && sheets.values().stream().anyMatch(sh -> sh.score(n.name()) >= 0))
                .count();
        int optimalPerNode = usable == 0
                ? c.cloneNodeMax()
                : Math.min(c.cloneNodeMax(), (int) Math.ceil(c.cloneMax() / (double) usable));
        for (ResourceTree inst : c.instances()) {
            List<ResourceView> prims = inst.primitives().toList();
            if (prims.stream().anyMatch(Assigner::frozen)) {
                prims.forEach(this::frozenInPlace);
                prims.stream()
                        .map(p -> nodeOf.get(p.id()))
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .ifPresent(n -> perNode.merge(n, 1, Integer::sum));
                continue;
            }
            Optional<String> current = prims.stream()
                    .map(Assigner::currentNode)
                    .flatMap(Optional::stream)
                    .findFirst();
            NodeScoreSheet sheet = sheets.get(inst);
            if (current.isPresent()
                    && !wantedStopped(prims.get(0))
                    && sheet.score(current.get()) >= 0
                    && !unavailable.containsKey(current.get())
                    && perNode.getOrDefault(current.get(), 0) < optimalPerNode
                    && (view.options().placementStrategy().equals("default") || fits(current.get(), demandOf(inst)))) {
                placeInstance(inst, current.get(), sheet, c);
                perNode.merge(current.get(), 1, Integer::sum);
            } else if (current.isPresent() && !c.globallyUnique() && !onlineAndNotFenced(current.get())) {
                // An anonymous instance on a node that is down or being fenced stops there; a
                // stopped instance starts wherever another copy is needed.
                for (ResourceView p : prims) {
                    explanations.put(
                            p.id(),
                            new LazyExplanations.Source(
                                    p.id(),
                                    sheet,
                                    Optional.empty(),
                                    "cannot stay on " + current.get() + "; another instance of " + c.id()
                                            + " takes its place elsewhere"));
                }
            } else {
                // Not running, or it may not stay where it runs (standby, banned): like Pacemaker,
                // the instance keeps its number and is assigned anew (it moves).
                pending.add(inst);
            }
        }
        // An instance active on a node it is no longer allowed on (a ban, a failure) goes last (as
        // Pacemaker orders them): it takes what is left, so it stops rather than moves when a
        // stopped instance can start in its place.
        pending.sort(Comparator.comparing((ResourceTree inst) -> inst.primitives()
                .map(Assigner::currentNode)
                .flatMap(Optional::stream)
                .findFirst()
                .map(n -> baseSheet(targetsOf(inst)).score(n) < 0)
                .orElse(false)));
        for (ResourceTree inst : pending) {
            NodeScoreSheet sheet = sheets.get(inst);
            List<ResourceView> prims = inst.primitives().toList();
            Set<String> full = new HashSet<>();
            perNode.forEach((n, k) -> {
                if (k >= c.cloneNodeMax()) full.add(n);
            });
            Optional<String> chosen = prims.isEmpty() || wantedStopped(prims.get(0))
                    ? Optional.empty()
                    : chooseWithColocatedDemand(c, true, sheet, Optional.empty(), demandOf(inst), full);
            if (chosen.isPresent()) {
                placeInstance(inst, chosen.get(), sheet, c);
                perNode.merge(chosen.get(), 1, Integer::sum);
            } else {
                for (ResourceView p : prims) {
                    explanations.put(
                            p.id(),
                            new LazyExplanations.Source(
                                    p.id(),
                                    sheet,
                                    Optional.empty(),
                                    "no node left for this instance (clone-max " + c.cloneMax() + ", clone-node-max "
                                            + c.cloneNodeMax() + ")"));
                }
            }
        }
        if (c.promotable()) promote(c);
    }

    private boolean onlineAndNotFenced(String node) {
        NodeView n = view.nodesByName().get(node);
        return n != null && n.state() == io.hapc.engine.cluster.NodeState.ONLINE && !fenced.contains(node);
    }

    private Map<String, Integer> demandOf(ResourceTree inst) {
        Map<String, Integer> demand = new HashMap<>();
        inst.primitives().forEach(m -> m.utilization().forEach((k, v) -> demand.merge(k, v, Integer::sum)));
        return demand;
    }

    private void placeInstance(ResourceTree inst, String node, NodeScoreSheet sheet, ResourceTree.CloneOf c) {
        boolean previousPlaced = true;
        for (ResourceView p : inst.primitives().toList()) {
            boolean ok = previousPlaced
                    && !wantedStopped(p)
                    && baseSheet(List.of(p.id())).score(node) > Score.MINUS_INFINITY;
            if (ok) place(p, node);
            previousPlaced = ok;
            explanations.put(
                    p.id(),
                    new LazyExplanations.Source(
                            p.id(),
                            sheet,
                            ok ? Optional.of(node) : Optional.empty(),
                            ok
                                    ? "instance of " + c.id() + " runs on " + node + " (score "
                                            + Score.format(sheet.score(node)) + ")"
                                    : "cannot run with its group instance"));
        }
    }

    /**
     * What the not yet placed resources colocated with the clone's Promoted role add to the promotion
     * priority of an instance on each node (as Pacemaker adds them): their own node scores weighted by
     * the colocation score; a mandatory dependent that cannot run on a node puts that node last. A
     * preference that would leave no node is dropped.
     */
    private Map<String, Integer> promotedDependentPreferences(ResourceTree.CloneOf c) {
        return dependentPreferences(c, true);
    }

    /**
     * The same for the resources colocated with the clone whatever its role: between candidates of
     * equal promotion priority, the node the clone's dependents prefer goes first.
     */
    private Map<String, Integer> anyRoleDependentPreferences(ResourceTree.CloneOf c) {
        return dependentPreferences(c, false);
    }

    private Map<String, Integer> dependentPreferences(ResourceTree.CloneOf c, boolean promotedRole) {
        Set<String> instanceNodes = new HashSet<>();
        c.instances()
                .forEach(i ->
                        i.primitives().findFirst().map(p -> nodeOf.get(p.id())).ifPresent(instanceNodes::add));
        Map<String, Integer> out = new HashMap<>();
        for (ColocationEdge e : edgesByPrimaryUnit.getOrDefault(c.id(), List.of())) {
            boolean onPromoted = e.primaryRole().map(r -> r == Role.PROMOTED).orElse(false);
            if (onPromoted != promotedRole || e.score() == 0) continue;
            if (!promotedRole && e.primaryRole().map(r -> r == Role.UNPROMOTED).orElse(false)) continue;
            ResourceTree dep = unitOf.get(e.dependent());
            // A dependent under way (it asked for this clone to be placed first) counts too.
            if (dep == null || dep == c || done.contains(dep.id())) continue;
            NodeScoreSheet depSheet = baseSheet(targetsOf(dep));
            double factor = Math.max(-1.0, Math.min(1.0, e.score() / (double) Score.INFINITY));
            Map<String, Integer> trial = new HashMap<>(out);
            for (String n : instanceNodes) {
                int ds = depSheet.contains(n) ? depSheet.score(n) : Score.MINUS_INFINITY;
                if (factor < 0 && ds < 0) continue;
                int delta = ds <= Score.MINUS_INFINITY
                        ? (factor >= 1.0 ? Score.MINUS_INFINITY : (int) (factor * Score.MINUS_INFINITY))
                        : ds >= Score.INFINITY ? (int) (factor * Score.INFINITY) : (int) (factor * ds);
                if (delta != 0) trial.merge(n, delta, Score::add);
            }
            if (instanceNodes.stream().anyMatch(n -> trial.getOrDefault(n, 0) > Score.MINUS_INFINITY)) {
                out.clear();
                out.putAll(trial);
            }
        }
        return out;
    }

    /** Picks the promoted instances of a promotable clone: highest promotion score first, within the limits. */
    private void promote(ResourceTree.CloneOf c) {
        int promotedMax = c.meta()
                .targetRole()
                .map(t -> t == Role.PROMOTED
                        ? c.promotedMax()
                        : t == Role.UNPROMOTED || t == Role.STOPPED ? 0 : c.promotedMax())
                .orElse(c.promotedMax());
        // rank: the score with what colocated dependents add, which only orders the candidates.
        record Candidate(ResourceTree instance, String node, int score, int rank, boolean promotedNow) {}
        List<Candidate> candidates = new ArrayList<>();
        // An instance frozen in the Promoted role (unmanaged, or a failed demote that blocks) stays
        // promoted and uses up its share of promoted-max.
        Map<String, Integer> perNode = new HashMap<>();
        int promoted = 0;
        Map<String, Integer> fromDependents = promotedDependentPreferences(c);
        Map<String, Integer> tieBreak = anyRoleDependentPreferences(c);
        for (ResourceTree inst : c.instances()) {
            List<ResourceView> prims = inst.primitives().toList();
            if (prims.isEmpty()) continue;
            ResourceView head = prims.get(0);
            String node = nodeOf.get(head.id());
            if (node == null) continue;
            prims.forEach(p -> roleOf.putIfAbsent(p.id(), Role.UNPROMOTED));
            if (frozen(head)) {
                if (roleOf.get(head.id()) == Role.PROMOTED) {
                    promoted++;
                    perNode.merge(node, 1, Integer::sum);
                }
                continue;
            }
            List<PromotionContribution> contributions = new ArrayList<>();
            for (String t : List.of(inst.id(), head.id())) {
                for (PromotionContribution pc : promotionByTarget.getOrDefault(t, List.of())) {
                    boolean here = pc.node().equals(node)
                            || guestsReadingHostAttributes.contains(node)
                                    && pc.node().equals(host(node));
                    if (here && !contributions.contains(pc)) contributions.add(pc);
                }
            }
            if (contributions.isEmpty()) continue;
            int score = 0;
            for (PromotionContribution pc : contributions) score = Score.add(score, pc.score());
            for (ColocationEdge e : edgesByDependentUnit.getOrDefault(c.id(), List.of())) {
                if (e.dependentRole().map(r -> r == Role.UNPROMOTED).orElse(false)) {
                    // Unpromoted with the primary: promotion is that much less likely where the primary is.
                    if (hosts(nodesOf(e.primary(), e.primaryRole())).contains(host(node)))
                        score = Score.add(score, -e.score());
                    continue;
                }
                if (!e.dependentRole().map(r -> r == Role.PROMOTED).orElse(false)) continue;
                Set<String> primaryNodes = hosts(nodesOf(e.primary(), e.primaryRole()));
                if (e.score() >= Score.INFINITY && !primaryNodes.contains(host(node))) score = Score.MINUS_INFINITY;
                else if (primaryNodes.contains(host(node))) score = Score.add(score, e.score());
            }
            if (head.meta().targetRole().map(t -> t == Role.UNPROMOTED).orElse(false)) continue;
            boolean promotedNow = head.presence().stream()
                    .anyMatch(p -> p.role() == Role.PROMOTED && p.node().equals(node));
            candidates.add(new Candidate(
                    inst, node, score, Score.add(score, fromDependents.getOrDefault(node, 0)), promotedNow));
        }
        candidates.sort(Comparator.comparingInt((Candidate k) -> -k.rank())
                .thenComparing(k -> !k.promotedNow())
                .thenComparingInt(k -> -tieBreak.getOrDefault(k.node(), 0)));
        for (Candidate k : candidates) {
            if (promoted >= promotedMax) break;
            if (k.score() < 0) continue;
            if (perNode.getOrDefault(k.node(), 0) >= c.promotedNodeMax()) continue;
            k.instance().primitives().forEach(p -> roleOf.put(p.id(), Role.PROMOTED));
            perNode.merge(k.node(), 1, Integer::sum);
            promoted++;
        }
    }
}
