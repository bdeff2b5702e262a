package io.hapc.admin;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleBounds;
import io.hapc.engine.rules.RuleBoundsExceeded;
import io.hapc.engine.rules.RuleCompilationException;
import io.hapc.engine.rules.RuleFunctions;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.ControlCharacters;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.RuleFile;
import io.hapc.model.cib.Status;
import io.hapc.model.xml.CibXmlWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of a whole edited CIB before it is handed back. Problems the CIB already had are not the
 * edit's fault and do not block it (an admin must be able to fix a CIB step by step); problems the
 * edit brings are refused: control characters in values passed to agents, constraints naming
 * resources that do not exist, ids used twice, colocation loops, rule files that are not allowed or
 * do not compile; and last, the policy engine must decide on the result without failing (with the
 * admin rules, within their bounds, when the edit brings rule files; with the built-in rules
 * otherwise, so that no stored rule can block an edit).
 */
final class CibChecks {
    private CibChecks() {}

    private static Set<String> remoteNodes(Cib cib) {
        Set<String> out = new LinkedHashSet<>();
        io.hapc.engine.cluster.RemoteNodes.find(cib).forEach(d -> out.add(d.name()));
        return out;
    }

    private static Set<String> bundles(Cib cib) {
        Set<String> out = new LinkedHashSet<>();
        cib.resources().stream().filter(r -> r instanceof Resource.Bundle).forEach(r -> out.add(r.id()));
        return out;
    }

    /**
     * What would make the cluster unfence nodes: fencing devices with provides=unfencing (meta, or a
     * parameter as older CIBs have it) and resources with requires=unfencing, as "ID (what)".
     */
    private static Set<String> unfencing(Cib cib) {
        Set<String> out = new LinkedHashSet<>();
        for (Resource r : cib.resources()) unfencing(r, out);
        return out;
    }

    private static void unfencing(Resource r, Set<String> out) {
        if (r instanceof Resource.Group g) g.members().forEach(m -> unfencing(m, out));
        if (r instanceof Resource.Clone c) {
            if (c.metaSets().stream()
                    .anyMatch(s -> "unfencing".equals(s.values().get("requires"))))
                out.add(c.id() + " (requires=unfencing)");
            unfencing(c.child(), out);
        }
        if (r instanceof Resource.Primitive p) {
            boolean provides = java.util.stream.Stream.concat(p.metaSets().stream(), p.instanceSets().stream())
                    .anyMatch(s -> "unfencing".equals(s.values().get("provides")));
            if (provides) out.add(p.id() + " (provides=unfencing)");
            if (p.metaSets().stream()
                    .anyMatch(s -> "unfencing".equals(s.values().get("requires"))))
                out.add(p.id() + " (requires=unfencing)");
        }
    }

    static void validate(Cib before, Cib after, EditContext ctx) throws InvalidEditException {
        // Values agents would read with a line of their own in them (issue 8 finding 5).
        List<String> control = ControlCharacters.problems(after);
        control.removeAll(ControlCharacters.problems(before));
        if (!control.isEmpty())
            throw new InvalidEditException(String.join("; ", control) + " (the CIB was not changed)");
        // Anywhere else (properties, defaults, rule files…): what XML cannot carry would make the stored CIB
        // unreadable.
        Optional<String> unwritable =
                CibXmlWriter.unwritable(after.withStatus(Status.empty())); // status: agents' own text
        if (unwritable.isPresent()) {
            throw new InvalidEditException(
                    "a character XML cannot carry: " + unwritable.get()
                            + "; remove it (control characters other than tab and newline are not allowed; the CIB was not changed)");
        }
        Set<String> dangling = dangling(after);
        dangling.removeAll(dangling(before));
        if (!dangling.isEmpty()) {
            throw new InvalidEditException(
                    String.join("; ", dangling) + " (remove the constraint: hapc constraint remove ID)");
        }
        Set<String> duplicates = Ids.duplicates(after);
        duplicates.removeAll(Ids.duplicates(before));
        if (!duplicates.isEmpty()) {
            throw new InvalidEditException(
                    "the id" + (duplicates.size() == 1 ? " '" : "s '") + String.join("', '", duplicates)
                            + "' would be used twice in the CIB; ids are unique, choose another");
        }
        // The engine plans for remote and guest nodes (hapc simulate), but no daemon can connect to one yet.
        Set<String> remoteNodes = remoteNodes(after);
        remoteNodes.removeAll(remoteNodes(before));
        if (!remoteNodes.isEmpty()) {
            throw new InvalidEditException(
                    "this would make the Pacemaker Remote or guest node" + (remoteNodes.size() == 1 ? " '" : "s '")
                            + String.join("', '", remoteNodes)
                            + "' (an ocf:pacemaker:remote resource or the remote-node meta attribute):"
                            + " hapc simulate plans for such nodes, but hapc's daemons cannot connect to them yet (the CIB was not changed)");
        }
        // Likewise bundles: the engine expands them into containers and guest nodes, no daemon runs containers yet.
        Set<String> bundles = bundles(after);
        bundles.removeAll(bundles(before));
        if (!bundles.isEmpty()) {
            throw new InvalidEditException("this would add the bundle" + (bundles.size() == 1 ? " '" : "s '")
                    + String.join("', '", bundles) + "': hapc simulate plans for bundles, but hapc's daemons cannot run"
                    + " containers yet (the CIB was not changed)");
        }
        // Likewise unfencing: the engine plans it (Fence (on) in hapc simulate), but hapc's fencer only
        // fences (reboot/off) for a transition; a node never unfenced would start what needs shared storage.
        Set<String> unfencing = unfencing(after);
        unfencing.removeAll(unfencing(before));
        if (!unfencing.isEmpty()) {
            throw new InvalidEditException("this would use unfencing: " + String.join(", ", unfencing)
                    + "; hapc simulate plans unfencing, but hapc's daemons cannot unfence nodes yet (fence agents'"
                    + " 'on' action before resources start), so nothing would keep a node from shared storage until then;"
                    + " leave provides/requires unset (the CIB was not changed)");
        }
        Optional<String> loop = newColocationLoop(before, after);
        if (loop.isPresent()) {
            throw new InvalidEditException(
                    "colocation loop: " + loop.get()
                            + "; a resource cannot be placed relative to itself (remove one of them: hapc constraint remove ID)");
        }
        // Admin rule files are checked and tried only by the edit that brings them: an edit that does
        // not add or replace one (`rules remove` above all) must work even while a stored rule misbehaves.
        boolean bringsRules = !new HashSet<>(before.ruleFiles()).containsAll(after.ruleFiles());
        PolicyRules rules = bringsRules ? compile(after, ctx) : PolicyRules.builtIn();
        try {
            if (bringsRules) {
                tryAdminRules(rules, after, ctx);
            } else {
                new PolicyEngine(rules, Clock.fixed(ctx.now(), ZoneOffset.UTC)).decide(after);
            }
        } catch (RuleBoundsExceeded e) {
            throw new InvalidEditException(
                    InvalidEditException.ENGINE_FAILURE,
                    "the admin rules fail on the edited CIB: " + e.getMessage() + "; the CIB was not changed",
                    e);
        } catch (RuntimeException e) {
            throw new InvalidEditException(
                    InvalidEditException.ENGINE_FAILURE,
                    "the policy engine fails on the edited CIB: "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()) + "; the CIB was not changed",
                    e);
        }
    }

    /**
     * One decision with the admin rules, within the DC's bounds, on a thread of its own (the caller
     * may be the DC's brain): the deadline runs on a clock that starts at the edit's "now" and ticks.
     */
    private static void tryAdminRules(PolicyRules rules, Cib after, EditContext ctx) {
        RuleBounds bounds = RuleBounds.DEFAULT;
        Clock ticking = Clock.offset(Clock.systemUTC(), java.time.Duration.between(java.time.Instant.now(), ctx.now()));
        java.util.concurrent.FutureTask<Void> trial = new java.util.concurrent.FutureTask<>(() -> {
            new PolicyEngine(rules, ticking, bounds).decide(after);
            return null;
        });
        Thread t = new Thread(trial, "hapc-admin-rules-trial");
        t.setDaemon(true);
        t.start();
        try {
            trial.get(bounds.deadline().plusSeconds(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RuleBoundsExceeded(
                    "admin rules took longer than " + bounds.describeDeadline() + " to decide",
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleBoundsExceeded(
                    "interrupted while trying the admin rules",
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new RuleBoundsExceeded(
                    "admin rules failed: " + e.getCause(),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    e.getCause());
        }
    }

    static PolicyRules compile(Cib cib, EditContext ctx) throws InvalidEditException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (RuleFile f : cib.ruleFiles()) sources.put(f.name(), f.source());
        try {
            return ctx.rules().compile(sources);
        } catch (RuleCompilationException e) {
            throw new InvalidEditException("rule files refused (the CIB was not changed):\n"
                    + String.join("\n", e.problems().stream().map(p -> "  " + p).toList()));
        }
    }

    /** "constraint X names resource Y, which does not exist" for every such reference. */
    private static Set<String> dangling(Cib cib) {
        Set<String> ids = new HashSet<>(Resources.allIds(cib.resources()));
        Set<String> out = new LinkedHashSet<>();
        for (Constraint c : cib.constraints()) {
            for (String r : ConstraintRefs.resources(c)) {
                if (!ids.contains(r))
                    out.add("constraint " + c.id() + " names resource '" + r + "', which does not exist");
            }
        }
        return out;
    }

    /** One dependent → primary edge and what made it. */
    private record Edge(String dependent, String primary, String source) {}

    /** A cycle of colocation edges (including groups' implicit ones) that `before` did not have, as text. */
    private static Optional<String> newColocationLoop(Cib before, Cib after) {
        List<Edge> previous = edges(before);
        Set<Edge> old = edgesInCycles(previous);
        List<Edge> edges = edges(after);
        List<Edge> fresh =
                edgesInCycles(edges).stream().filter(e -> !old.contains(e)).toList();
        // Start the description at an edge the edit added, so the admin sees their own constraint first.
        return fresh.stream()
                .filter(e -> !previous.contains(e))
                .findFirst()
                .or(() -> fresh.stream().findFirst())
                .map(e -> describe(cycleThrough(e, edges)));
    }

    private static List<Edge> edges(Cib cib) {
        List<Edge> out = new ArrayList<>();
        for (Constraint c : cib.constraints()) {
            if (!(c instanceof Constraint.Colocation col)) continue;
            if (col.sets().isEmpty()) {
                if (col.score() != 0 && col.rsc().isPresent() && col.withRsc().isPresent()) {
                    out.add(new Edge(col.rsc().get(), col.withRsc().get(), col.id()));
                }
            } else {
                for (ColocationEdge e : RuleFunctions.colocationEdges(col, "")) {
                    if (e.score() != 0) out.add(new Edge(e.dependent(), e.primary(), col.id()));
                }
            }
        }
        for (Resource r : cib.resources()) {
            Resource inner = r instanceof Resource.Clone c ? c.child() : r;
            if (inner instanceof Resource.Group g) {
                for (int i = 1; i < g.members().size(); i++) {
                    out.add(new Edge(
                            g.members().get(i).id(), g.members().get(i - 1).id(), "group " + g.id()));
                }
            }
        }
        return out;
    }

    /** Edges inside a strongly connected component (Tarjan), i.e. on some cycle. */
    private static Set<Edge> edgesInCycles(List<Edge> edges) {
        Map<String, List<String>> next = new LinkedHashMap<>();
        for (Edge e : edges) {
            next.computeIfAbsent(e.dependent(), k -> new ArrayList<>()).add(e.primary());
            next.computeIfAbsent(e.primary(), k -> new ArrayList<>());
        }
        Map<String, Integer> component = new Tarjan(next).run();
        Set<Edge> out = new LinkedHashSet<>();
        for (Edge e : edges) {
            if (e.dependent().equals(e.primary())
                    || component.get(e.dependent()).equals(component.get(e.primary()))) out.add(e);
        }
        return out;
    }

    /** The edge followed by a shortest path from its primary back to its dependent. */
    private static List<Edge> cycleThrough(Edge first, List<Edge> edges) {
        Map<String, List<Edge>> from = new HashMap<>();
        for (Edge e : edges)
            from.computeIfAbsent(e.dependent(), k -> new ArrayList<>()).add(e);
        Map<String, Edge> via = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(first.primary()));
        Set<String> seen = new HashSet<>(List.of(first.primary()));
        while (!queue.isEmpty() && !seen.contains(first.dependent())) {
            String at = queue.poll();
            for (Edge e : from.getOrDefault(at, List.of())) {
                if (seen.add(e.primary())) {
                    via.put(e.primary(), e);
                    queue.add(e.primary());
                }
            }
        }
        List<Edge> path = new ArrayList<>();
        for (String at = first.dependent();
                via.containsKey(at) && !at.equals(first.primary());
                at = via.get(at).dependent()) {
            path.add(0, via.get(at));
        }
        List<Edge> cycle = new ArrayList<>();
        cycle.add(first);
        cycle.addAll(path);
        return cycle;
    }

    private static String describe(List<Edge> cycle) {
        return String.join(
                ", ",
                cycle.stream()
                        .map(e -> e.dependent() + " with " + e.primary() + " (" + e.source() + ")")
                        .toList());
    }

    /** Strongly connected components; an explicit stack, not recursion (a colocation chain may be thousands long). */
    private static final class Tarjan {
        private final Map<String, List<String>> next;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Map<String, Integer> component = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private int counter;

        Tarjan(Map<String, List<String>> next) {
            this.next = next;
        }

        Map<String, Integer> run() {
            for (String v : next.keySet()) if (!index.containsKey(v)) visit(v);
            return component;
        }

        /** One vertex being visited and how far through its successors it is. */
        private record Frame(String vertex, java.util.Iterator<String> successors) {}

        private void visit(String root) {
            Deque<Frame> frames = new ArrayDeque<>();
            open(root, frames);
            while (!frames.isEmpty()) {
                Frame f = frames.peek();
                String v = f.vertex();
                if (f.successors().hasNext()) {
                    String w = f.successors().next();
                    if (!index.containsKey(w)) open(w, frames);
                    else if (onStack.contains(w)) low.put(v, Math.min(low.get(v), index.get(w)));
                    continue;
                }
                frames.pop();
                if (low.get(v).equals(index.get(v))) {
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.put(w, index.get(v));
                    } while (!w.equals(v));
                }
                if (!frames.isEmpty()) {
                    String parent = frames.peek().vertex();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
            }
        }

        private void open(String v, Deque<Frame> frames) {
            index.put(v, counter);
            low.put(v, counter++);
            stack.push(v);
            onStack.add(v);
            frames.push(new Frame(v, next.get(v).iterator()));
        }
    }
}
