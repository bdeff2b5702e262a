package io.hapc.admin;

import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.Score;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * resource move / ban / clear, as crm_resource does them: location constraints cli-prefer-RSC
 * (INFINITY) and cli-ban-RSC-on-NODE (-INFINITY). With a lifetime the node is matched by a rule
 * that also holds only until the end date, so the constraint stops counting by itself (it stays in
 * the CIB until cleared, as in Pacemaker).
 */
final class PlacementEdits {
    private PlacementEdits() {}

    /** Pacemaker's own text form of a date ("2024-05-01 12:00:00 +00:00"), which hapc reads too. */
    private static final DateTimeFormatter END =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+00:00'").withZone(ZoneOffset.UTC);

    static Cib move(Cib cib, CibEdit.ResourceMove e, EditContext ctx, Notes notes) throws InvalidEditException {
        Resources.Found f = Resources.require(cib, e.id());
        Optional<Role> role = role(f, e.promoted(), "move");
        if (e.node().isEmpty()) {
            String from = currentNode(cib, f, ctx.now(), "move");
            notes.warn("no node given: '" + e.id() + "' is banned from " + from
                    + ", where it runs now (hapc resource clear " + e.id() + " lifts it)");
            return ban(cib, new CibEdit.ResourceBan(e.id(), Optional.of(from), e.lifetime(), e.promoted()), ctx, notes);
        }
        String node =
                Nodes.require(cib, e.node().get(), "resource move " + e.id()).uname();
        Optional<Instant> until = until(e.lifetime(), ctx, "resource move " + e.id());
        String id = "cli-prefer-" + e.id();
        String clearedBan = "cli-ban-" + e.id() + "-on-" + node;
        List<Constraint> constraints = new ArrayList<>();
        boolean unbanned = false;
        for (Constraint c : cib.constraints()) {
            if (c.id().equals(clearedBan)) unbanned = true;
            if (!c.id().equals(id) && !c.id().equals(clearedBan)) constraints.add(c);
        }
        constraints.add(location(cib, id, e.id(), node, Score.INFINITY, role, until));
        activeOn(cib, f, ctx.now()).stream()
                .filter(node::equals)
                .findFirst()
                .ifPresent(n -> notes.warn("'" + e.id() + "' already runs on " + n
                        + "; the constraint keeps it there until hapc resource clear " + e.id()));
        notes.message("'" + e.id() + "' moves to " + node + ": location constraint " + id + " (INFINITY"
                + role.filter(r -> r == Role.PROMOTED)
                        .map(r -> ", role Promoted")
                        .orElse("") + ")"
                + until.map(u -> " until " + END.format(u)).orElse("")
                + (unbanned ? "; removed " + clearedBan : ""));
        return cib.withConstraints(constraints);
    }

    static Cib ban(Cib cib, CibEdit.ResourceBan e, EditContext ctx, Notes notes) throws InvalidEditException {
        Resources.Found f = Resources.require(cib, e.id());
        Optional<Role> role = role(f, e.promoted(), "ban");
        String node = e.node().isPresent()
                ? Nodes.require(cib, e.node().get(), "resource ban " + e.id()).uname()
                : currentNode(cib, f, ctx.now(), "ban");
        Optional<Instant> until = until(e.lifetime(), ctx, "resource ban " + e.id());
        String id = "cli-ban-" + e.id() + "-on-" + node;
        List<Constraint> constraints = new ArrayList<>(
                cib.constraints().stream().filter(c -> !c.id().equals(id)).toList());
        constraints.add(location(cib, id, e.id(), node, Score.MINUS_INFINITY, role, until));
        Set<String> banned = new LinkedHashSet<>();
        for (Constraint c : constraints) {
            if (c.id().startsWith("cli-ban-" + e.id() + "-on-"))
                banned.add(c.id().substring(("cli-ban-" + e.id() + "-on-").length()));
        }
        if (cib.nodes().stream().allMatch(n -> banned.contains(n.uname()))) {
            notes.warn("'" + e.id() + "' is now banned from every node and will not run anywhere");
        }
        notes.message("'" + e.id() + "' banned from " + node + ": location constraint " + id + " (-INFINITY)"
                + until.map(u -> " until " + END.format(u)).orElse(""));
        return cib.withConstraints(constraints);
    }

    static Cib clear(Cib cib, CibEdit.ResourceClear e, Notes notes) throws InvalidEditException {
        Resources.require(cib, e.id());
        if (e.node().isPresent()) {
            try {
                Nodes.require(cib, e.node().get(), "resource clear " + e.id());
            } catch (InvalidEditException x) {
                throw new InvalidEditException(x.getMessage()
                        + "; a constraint naming a node that is gone goes with hapc constraint remove ID");
            }
        }
        String prefer = "cli-prefer-" + e.id();
        String banPrefix = "cli-ban-" + e.id() + "-on-";
        List<Constraint> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Constraint c : cib.constraints()) {
            boolean ours = c.id().equals(prefer)
                            && e.node().map(n -> prefers(c, n)).orElse(true)
                    || c.id().startsWith(banPrefix)
                            && e.node().map(n -> c.id().equals(banPrefix + n)).orElse(true);
            if (ours) removed.add(c.id());
            else kept.add(c);
        }
        notes.message(
                removed.isEmpty()
                        ? "Nothing to clear for '" + e.id() + "'"
                                + e.node().map(n -> " on " + n).orElse("")
                        : "Removed " + String.join(", ", removed));
        return cib.withConstraints(kept);
    }

    /** Whether a cli-prefer constraint points at `node` (fixed node, or a #uname rule). */
    private static boolean prefers(Constraint c, String node) {
        if (!(c instanceof Constraint.Location l)) return false;
        if (l.node().isPresent()) return l.node().get().equals(node);
        return l.rules().stream()
                .flatMap(r -> r.expressions().stream())
                .anyMatch(x -> x instanceof RuleExpression.AttributeExpression a
                        && a.attribute().equals("#uname")
                        && a.value().map(node::equals).orElse(false));
    }

    private static Optional<Role> role(Resources.Found f, boolean promoted, String verb) throws InvalidEditException {
        boolean clone = f.resource() instanceof Resource.Clone;
        boolean promotable = f.resource() instanceof Resource.Clone c
                && (c.promotableElement()
                        || NvSets.value(c.metaSets(), "promotable")
                                .map(v -> v.equalsIgnoreCase("true"))
                                .orElse(false));
        if (promoted && !promotable) {
            throw new InvalidEditException("--promoted: '" + f.resource().id() + "' is not a promotable clone");
        }
        if (clone && !promoted && verb.equals("move")) {
            throw new InvalidEditException(
                    "'" + f.resource().id() + "' is a clone and runs on several nodes: keep it off a node with "
                            + "hapc resource ban " + f.resource().id() + " NODE"
                            + (promotable ? ", or move its promoted instance with --promoted" : ""));
        }
        if (f.inClone().isPresent()) {
            throw new InvalidEditException("'" + f.resource().id() + "' is inside clone '"
                    + f.inClone().get().id() + "'; " + verb + " the clone: hapc resource " + verb + " "
                    + f.inClone().get().id());
        }
        return Optional.of(promoted ? Role.PROMOTED : Role.STARTED);
    }

    private static Optional<Instant> until(Optional<String> lifetime, EditContext ctx, String where)
            throws InvalidEditException {
        if (lifetime.isEmpty()) return Optional.empty();
        long ms = Values.durationMs(lifetime.get(), where + " lifetime");
        if (ms <= 0)
            throw new InvalidEditException(where + " lifetime: must be longer than 0 (e.g. lifetime=PT1H or 30min)");
        // Whole seconds: that is all the CIB's date text keeps.
        return Optional.of(ctx.now().plusMillis(ms).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    private static Constraint.Location location(
            Cib cib, String id, String rsc, String node, int score, Optional<Role> role, Optional<Instant> until) {
        if (until.isEmpty()) {
            return new Constraint.Location(
                    id,
                    Optional.of(rsc),
                    Optional.empty(),
                    List.of(),
                    Optional.of(node),
                    Optional.of(score),
                    role,
                    Optional.empty(),
                    List.of(),
                    Optional.empty());
        }
        Set<String> taken = Ids.all(cib);
        Optional<Role> ruleRole = role.filter(r -> r == Role.PROMOTED);
        Rule rule = new Rule(
                Ids.fresh(id + "-rule", taken),
                Optional.of(score),
                Optional.empty(),
                Rule.BooleanOp.AND,
                ruleRole,
                List.of(
                        new RuleExpression.AttributeExpression(
                                Ids.fresh(id + "-expr", taken),
                                "#uname",
                                "eq",
                                Optional.of(node),
                                Optional.of("string"),
                                Optional.empty()),
                        new RuleExpression.DateExpression(
                                Ids.fresh(id + "-lifetime", taken),
                                "lt",
                                Optional.empty(),
                                Optional.of(END.format(until.get())),
                                Optional.empty(),
                                Optional.empty())));
        return new Constraint.Location(
                id,
                Optional.of(rsc),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                role,
                Optional.empty(),
                List.of(rule),
                Optional.empty());
    }

    /** The one node the resource runs on now (for move/ban without a node), or a refusal saying why there is none. */
    private static String currentNode(Cib cib, Resources.Found f, Instant now, String verb)
            throws InvalidEditException {
        if (f.resource() instanceof Resource.Clone) {
            throw new InvalidEditException("'" + f.resource().id() + "' is a clone: name the node (hapc resource "
                    + verb + " " + f.resource().id() + " NODE)");
        }
        List<String> nodes = activeOn(cib, f, now);
        if (nodes.size() == 1) return nodes.get(0);
        throw new InvalidEditException("'" + f.resource().id() + "' "
                + (nodes.isEmpty() ? "is not running anywhere" : "is active on " + String.join(", ", nodes))
                + ": name the node (hapc resource " + verb + " "
                + f.resource().id() + " NODE)");
    }

    private static List<String> activeOn(Cib cib, Resources.Found f, Instant now) {
        ClusterView view = ClusterUnpacker.unpack(cib, now);
        Set<String> nodes = new LinkedHashSet<>();
        for (Resource.Primitive p : Resources.primitives(f.resource()).toList()) {
            ResourceView v = view.primitivesById().get(p.id());
            if (v != null) v.presence().stream().map(Presence::node).forEach(nodes::add);
        }
        return List.copyOf(nodes);
    }
}
