package io.hapc.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.ControlCharacters;
import io.hapc.model.cib.Resource;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.model.xml.CibXmlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of admin edits — resources created, updated, disabled and deleted, constraints
 * added and removed, cluster properties, meta attributes, good values and bad ones — applied the
 * way the DC applies them ({@link CibEditor} on the CIB it holds). After every step: the CIB is
 * whole (the project's own {@link CibChecks} against an empty configuration, XML round trip, known
 * values valid, no control characters), every acknowledged edit is there, and a refused edit changed
 * nothing. A small model of what was acknowledged is checked against the CIB after each step.
 */
class CibEditSequencesTest {
    private static final List<String> POOL = List.of("r1", "r2", "r3");
    /** Fencing devices: created (fence_dummy) and deleted like resources, their parameters checked the same way. */
    private static final List<String> DEVICES = List.of("f1", "f2");

    private static final List<String> NODES = List.of("node1", "node2", "node3", "node9");
    /** Values: mostly good ones (repeated to be drawn more often), some that must be refused. */
    private static final List<String> PARAM_VALUES =
            List.of("/run/a", "/run/a", "a b", "a b", "é", "", "", "x\ny", "tab\there");

    private static final Map<String, List<String>> META = Map.of(
            "resource-stickiness", List.of("100", "100", "INFINITY", "", "", "abc"),
            "target-role", List.of("Stopped", "Started", "Started", "", "Bogus"),
            "description", List.of("hello", "two words", "", "", "bad\u0007bell"),
            "migration-threshold", List.of("3", "3", "", "-"),
            "bad name", List.of("1"));
    private static final Map<String, List<String>> PROPERTIES = Map.of(
            "no-quorum-policy", List.of("stop", "ignore", "", "sometimes"),
            "cluster-recheck-interval", List.of("5min", "2min", "", "soon"),
            "stonith-timeout", List.of("90s", "", "-1s"),
            "my-own-note", List.of("kept", ""));

    /** What the acknowledged edits say the CIB holds (only what the sequence touches). */
    private static final class Model {
        final Map<String, Map<String, String>> params = new LinkedHashMap<>();
        final Map<String, Map<String, String>> meta = new LinkedHashMap<>();
        /** constraint id → the pool resources it names */
        final Map<String, Set<String>> constraints = new LinkedHashMap<>();

        final Map<String, Optional<String>> properties = new LinkedHashMap<>();
        final Set<String> removedConstraints = new java.util.HashSet<>();
        final Map<String, Map<String, String>> devices = new LinkedHashMap<>();
        final Map<String, String> rscDefaults =
                new LinkedHashMap<>(NvSets.merged(Fixtures.webCluster().rscDefaults()));
        final Map<String, Map<String, String>> nodeAttributes = new LinkedHashMap<>();
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void randomEditSequencesKeepTheCibValidAndEveryAcknowledgedEditInIt(@ForAll("sequences") List<CibEdit> edits)
            throws Exception {
        Cib cib = Fixtures.webCluster();
        Model model = new Model();
        List<String> log = new ArrayList<>();
        for (CibEdit edit : edits) {
            String before = CibXmlWriter.write(cib);
            CibEditor.EditOutcome outcome;
            try {
                outcome = Fixtures.EDITOR.edit(cib, edit, Fixtures.ctx());
            } catch (InvalidEditException refused) {
                log.add("refused " + edit + ": " + refused.getMessage());
                Statistics.label("edits").collect(edit.getClass().getSimpleName(), "refused");
                assertFalse(
                        refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why: " + edit);
                assertEquals(before, CibXmlWriter.write(cib), "a refused edit changed the CIB: " + edit);
                // Values are checked where they come in: the engine never has to be the one that finds a bad value.
                assertTrue(
                        refused.exitCode() == InvalidEditException.INVALID_INPUT,
                        "refused by the engine, not by the checks: " + refused.getMessage() + "\n"
                                + String.join("\n", log));
                continue;
            }
            log.add("accepted " + edit + ": " + outcome.message());
            Statistics.label("edits")
                    .collect(edit.getClass().getSimpleName(), outcome.changed() ? "changed" : "no change");
            if (!outcome.changed()) {
                assertSame(cib, outcome.cib(), "an edit that changes nothing returns the same CIB: " + edit);
                continue;
            }
            assertTrue(outcome.cib().version().compareTo(cib.version()) > 0, "a change gets a newer version: " + edit);
            cib = outcome.cib();
            acknowledge(model, edit);
            String trail = String.join("\n", log);
            assertValid(cib, trail);
            assertModel(cib, model, trail);
        }
    }

    // ---- the model -------------------------------------------------------------------------------

    private static void acknowledge(Model m, CibEdit edit) {
        if (edit instanceof CibEdit.ResourceCreate e) {
            m.params.put(e.id(), new LinkedHashMap<>(e.params()));
            Map<String, String> meta = new LinkedHashMap<>(e.meta());
            meta.values().removeIf(String::isEmpty); // as in an update, an empty value means "not set"
            if (e.disabled()) meta.put("target-role", "Stopped");
            m.meta.put(e.id(), meta);
        } else if (edit instanceof CibEdit.ResourceUpdate e) {
            apply(m.params.get(e.id()), e.params());
            apply(m.meta.get(e.id()), e.meta());
        } else if (edit instanceof CibEdit.ResourceDelete e) {
            m.params.remove(e.id());
            m.meta.remove(e.id());
            m.constraints.entrySet().removeIf(c -> {
                boolean gone = c.getValue().contains(e.id());
                if (gone) m.removedConstraints.add(c.getKey());
                return gone;
            });
        } else if (edit instanceof CibEdit.ResourceDisable e) {
            e.ids().forEach(id -> m.meta.get(id).put("target-role", "Stopped"));
        } else if (edit instanceof CibEdit.ResourceEnable e) {
            e.ids().forEach(id -> m.meta.get(id).remove("target-role"));
        } else if (edit instanceof CibEdit.LocationAdd e) {
            added(m, e.id(), Set.of(e.resource()));
        } else if (edit instanceof CibEdit.ColocationAdd e) {
            added(m, e.id().orElseThrow(), Set.of(e.resource(), e.withResource()));
        } else if (edit instanceof CibEdit.OrderAdd e) {
            added(m, e.id().orElseThrow(), Set.of(e.first(), e.then()));
        } else if (edit instanceof CibEdit.ConstraintRemove e) {
            e.ids().forEach(id -> {
                m.constraints.remove(id);
                m.removedConstraints.add(id);
            });
        } else if (edit instanceof CibEdit.StonithCreate e) {
            m.devices.put(e.id(), new LinkedHashMap<>(e.params()));
        } else if (edit instanceof CibEdit.StonithDelete e) {
            m.devices.remove(e.id());
        } else if (edit instanceof CibEdit.ResourceDefaultsSet e) {
            apply(m.rscDefaults, e.values());
        } else if (edit instanceof CibEdit.NodeAttributeSet e) {
            apply(
                    m.nodeAttributes.computeIfAbsent(
                            e.node(), n -> new LinkedHashMap<>(nodeAttributes(Fixtures.webCluster(), n))),
                    e.values());
        } else if (edit instanceof CibEdit.PropertySet e) {
            e.values().forEach((k, v) -> m.properties.put(k, v.isEmpty() ? Optional.empty() : Optional.of(v)));
        }
    }

    private static Map<String, String> nodeAttributes(Cib cib, String uname) {
        return cib.nodes().stream()
                .filter(n -> n.uname().equals(uname))
                .findFirst()
                .map(n -> NvSets.merged(n.attributeSets()))
                .orElseThrow();
    }

    private static void added(Model m, String id, Set<String> resources) {
        m.constraints.put(id, resources);
        m.removedConstraints.remove(id);
    }

    /** Update semantics: a value sets the name, an empty value removes it. */
    private static void apply(Map<String, String> target, Map<String, String> changes) {
        changes.forEach((k, v) -> {
            if (v.isEmpty()) target.remove(k);
            else target.put(k, v);
        });
    }

    private static void assertModel(Cib cib, Model m, String trail) {
        for (String id : POOL) {
            Optional<Resources.Found> found = Resources.find(cib.resources(), id);
            assertEquals(m.params.containsKey(id), found.isPresent(), id + " present as acknowledged\n" + trail);
            if (found.isEmpty()) continue;
            Resource.Primitive p = (Resource.Primitive) found.get().resource();
            assertEquals(m.params.get(id), NvSets.merged(p.instanceSets()), id + " parameters\n" + trail);
            assertEquals(m.meta.get(id), NvSets.merged(p.metaSets()), id + " meta attributes\n" + trail);
        }
        for (String id : DEVICES) {
            Optional<Resources.Found> found = Resources.find(cib.resources(), id);
            assertEquals(m.devices.containsKey(id), found.isPresent(), id + " present as acknowledged\n" + trail);
            found.ifPresent(f -> assertEquals(
                    m.devices.get(id),
                    NvSets.merged(((Resource.Primitive) f.resource()).instanceSets()),
                    id + " parameters\n" + trail));
        }
        assertEquals(m.rscDefaults, NvSets.merged(cib.rscDefaults()), "resource defaults\n" + trail);
        m.nodeAttributes.forEach(
                (n, values) -> assertEquals(values, nodeAttributes(cib, n), "attributes of " + n + "\n" + trail));
        for (Map.Entry<String, Set<String>> c : m.constraints.entrySet()) {
            assertTrue(
                    cib.constraints().stream().anyMatch(x -> x.id().equals(c.getKey())),
                    "constraint " + c.getKey() + "\n" + trail);
        }
        for (String gone : m.removedConstraints) {
            assertTrue(
                    cib.constraints().stream().noneMatch(x -> x.id().equals(gone)),
                    "constraint " + gone + " removed\n" + trail);
        }
        m.properties.forEach((k, v) -> assertEquals(v, cib.property(k), "property " + k + "\n" + trail));
    }

    // ---- validity --------------------------------------------------------------------------------

    private static void assertValid(Cib cib, String trail) throws Exception {
        // The project's own checks, against a configuration with nothing in it: every problem counts.
        Cib empty = cib.withResources(List.of()).withConstraints(List.of());
        try {
            CibChecks.validate(empty, cib, Fixtures.ctx());
        } catch (InvalidEditException e) {
            throw new AssertionError("the CIB is not valid: " + e.getMessage() + "\n" + trail, e);
        }
        assertEquals(List.of(), ControlCharacters.problems(cib), trail);
        for (Resource r : cib.resources()) {
            if (r instanceof Resource.Primitive p && POOL.contains(p.id())) {
                Values.checkMeta(NvSets.merged(p.metaSets()), "resource " + p.id() + " meta");
            }
        }
        Values.checkProperties(io.hapc.admin.NvSets.merged(cib.propertySets()));
        Cib reread = CibXmlReader.read(CibXmlWriter.write(cib), "round trip");
        assertFalse(Cibs.configurationDiffers(cib, reread), "the CIB survives writing and reading\n" + trail);
        for (Constraint c : cib.constraints())
            assertTrue(Ids.duplicates(cib).isEmpty(), "duplicate ids at " + c.id() + "\n" + trail);
    }

    // ---- edits -----------------------------------------------------------------------------------

    /** Two clean resources first (so most later edits have something to work on), then anything. */
    @Provide
    Arbitrary<List<CibEdit>> sequences() {
        Arbitrary<CibEdit> start = Combinators.combine(Arbitraries.of("/run/a", "/run/b"), Arbitraries.of(true, false))
                .as((state, disabled) -> new CibEdit.ResourceCreate(
                        "r1",
                        "ocf:heartbeat:Dummy",
                        Map.of("state", state),
                        List.of(),
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        disabled,
                        false,
                        false));
        Arbitrary<CibEdit> second = Arbitraries.of("/run/c", "")
                .map(state -> new CibEdit.ResourceCreate(
                        "r2",
                        "ocf:heartbeat:Dummy",
                        Map.of("state", state),
                        List.of(),
                        Map.of("resource-stickiness", "10"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        false,
                        false));
        return Combinators.combine(start, second, anything()).as((a, b, rest) -> {
            List<CibEdit> all = new ArrayList<>(List.of(a, b));
            all.addAll(rest);
            return all;
        });
    }

    private static Arbitrary<List<CibEdit>> anything() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, create()),
                        net.jqwik.api.Tuple.of(4, update()),
                        net.jqwik.api.Tuple.of(1, delete()),
                        net.jqwik.api.Tuple.of(1, disableEnable()),
                        net.jqwik.api.Tuple.of(3, constraint()),
                        net.jqwik.api.Tuple.of(1, constraintRemove()),
                        net.jqwik.api.Tuple.of(2, property()),
                        net.jqwik.api.Tuple.of(1, fencing()),
                        net.jqwik.api.Tuple.of(1, defaults()),
                        net.jqwik.api.Tuple.of(1, nodeAttribute()))
                .list()
                .ofMinSize(1)
                .ofMaxSize(14);
    }

    private static Arbitrary<String> pool() {
        return Arbitraries.of(POOL);
    }

    private static Arbitrary<Map<String, String>> params() {
        return Arbitraries.maps(
                        Arbitraries.of("state", "state", "fake", "fake", "fake=1"), Arbitraries.of(PARAM_VALUES))
                .ofMaxSize(2)
                .map(LinkedHashMap::new);
    }

    private static Arbitrary<Map<String, String>> meta() {
        return Arbitraries.of(List.copyOf(new java.util.TreeSet<>(META.keySet())))
                .flatMap(k -> Arbitraries.of(META.get(k)).map(v -> Map.of(k, v)))
                .list()
                .ofMaxSize(2)
                .map(l -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    l.forEach(m::putAll);
                    return m;
                });
    }

    private static Arbitrary<CibEdit> create() {
        return Combinators.combine(pool(), params(), meta(), Arbitraries.of(true, false))
                .as((id, p, m, disabled) -> new CibEdit.ResourceCreate(
                        id,
                        "ocf:heartbeat:Dummy",
                        p,
                        List.of(),
                        m,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        disabled,
                        false,
                        false));
    }

    private static Arbitrary<CibEdit> update() {
        return Combinators.combine(pool(), params(), meta())
                .as((id, p, m) -> new CibEdit.ResourceUpdate(id, p, List.of(), m));
    }

    private static Arbitrary<CibEdit> delete() {
        return pool().map(CibEdit.ResourceDelete::new);
    }

    private static Arbitrary<CibEdit> disableEnable() {
        return Combinators.combine(pool(), Arbitraries.of(true, false))
                .as((id, off) ->
                        off ? new CibEdit.ResourceDisable(List.of(id)) : new CibEdit.ResourceEnable(List.of(id)));
    }

    private static Arbitrary<String> constraintId() {
        return Arbitraries.of("k1", "k2", "k3", "k4");
    }

    private static Arbitrary<CibEdit> constraint() {
        Arbitrary<String> score = Arbitraries.of("INFINITY", "-INFINITY", "100", "lots");
        Arbitrary<CibEdit> location = Combinators.combine(constraintId(), pool(), Arbitraries.of(NODES), score)
                .as((id, r, n, s) -> new CibEdit.LocationAdd(id, r, n, s, Optional.empty()));
        Arbitrary<CibEdit> colocation = Combinators.combine(constraintId(), pool(), pool(), score)
                .as((id, a, b, s) -> new CibEdit.ColocationAdd(
                        Optional.of(id), Optional.empty(), a, Optional.empty(), b, Optional.of(s)));
        Arbitrary<CibEdit> order = Combinators.combine(constraintId(), pool(), pool())
                .as((id, a, b) -> new CibEdit.OrderAdd(
                        Optional.of(id), Optional.empty(), a, Optional.empty(), b, Optional.empty(), Optional.empty()));
        return Arbitraries.oneOf(location, colocation, order);
    }

    private static Arbitrary<CibEdit> constraintRemove() {
        return constraintId().map(id -> new CibEdit.ConstraintRemove(List.of(id)));
    }

    private static Arbitrary<CibEdit> fencing() {
        Arbitrary<Map<String, String>> params = Arbitraries.maps(
                        Arbitraries.of("status_file", "pcmk_host_list", "pcmk_delay_max"),
                        Arbitraries.of("/run/power", "node1", "node1 node2", "5s", "/run/power\naction=off"))
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(LinkedHashMap::new);
        Arbitrary<CibEdit> create = Combinators.combine(Arbitraries.of(DEVICES), params, Arbitraries.of(true, false))
                .as((id, p, force) ->
                        new CibEdit.StonithCreate(id, "fence_dummy", p, List.of(), Map.of(), false, force));
        Arbitrary<CibEdit> delete = Arbitraries.of(DEVICES).map(CibEdit.StonithDelete::new);
        return Arbitraries.oneOf(create, create, delete);
    }

    /** Resource defaults: meta attributes for every resource, the same values good and bad. */
    private static Arbitrary<CibEdit> defaults() {
        return meta().filter(m -> !m.isEmpty()).map(CibEdit.ResourceDefaultsSet::new);
    }

    /** Node attributes (standby is one), on the example's nodes; an empty value removes. */
    private static Arbitrary<CibEdit> nodeAttribute() {
        Arbitrary<Map<String, String>> values = Arbitraries.maps(
                        Arbitraries.of("standby", "rack", "disk", "#uname", "bad name"),
                        Arbitraries.of("on", "off", "r1", "", "slow\u0001"))
                .ofMinSize(1)
                .ofMaxSize(2)
                .map(LinkedHashMap::new);
        return Combinators.combine(Arbitraries.of("node1", "node2", "node3"), values)
                .as(CibEdit.NodeAttributeSet::new);
    }

    private static Arbitrary<CibEdit> property() {
        return Arbitraries.of(List.copyOf(new java.util.TreeSet<>(PROPERTIES.keySet())))
                .flatMap(k ->
                        Arbitraries.of(PROPERTIES.get(k)).map(v -> (CibEdit) new CibEdit.PropertySet(Map.of(k, v))));
    }
}
