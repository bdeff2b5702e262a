package io.hapc.engine.rules;

import io.hapc.engine.cluster.ClusterOptions;
import io.hapc.engine.cluster.NodeState;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.OnFail;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.CloneFact;
import io.hapc.engine.facts.ClusterFact;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.DemoteRequest;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.GroupFact;
import io.hapc.engine.facts.MigrationAllowed;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ResourceId;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.facts.Warning;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What admin rule files may use: the documented input and derived fact types, the helpers, the
 * read-only accessors and value methods constraints may call, and the imports they may name.
 */
final class RuleAllowList {
    private RuleAllowList() {}

    /** Input facts rules may match. */
    static final List<Class<?>> INPUT_FACTS = List.of(
            ClusterFact.class,
            NodeView.class,
            ResourceView.class,
            ResourceId.class,
            GroupFact.class,
            CloneFact.class,
            Constraint.Location.class,
            Constraint.Colocation.class,
            Constraint.Order.class);
    /** Derived facts rules may insert (and match). */
    static final List<Class<?>> DERIVED_FACTS = List.of(
            ScoreContribution.class,
            PromotionContribution.class,
            NodeUnavailable.class,
            ColocationEdge.class,
            OrderEdge.class,
            FenceRequest.class,
            StartBlock.class,
            StopRequest.class,
            DemoteRequest.class,
            Warning.class,
            MigrationAllowed.class);
    /** Types whose static members (pure functions, constants) rules may use. */
    static final List<Class<?>> HELPERS = List.of(RuleFunctions.class, Score.class);
    /** Enums whose constants rules may name. */
    static final List<Class<?>> ENUMS =
            List.of(NodeState.class, OrderKind.class, ResourceId.Kind.class, Role.class, OnFail.class);
    /** Read-only methods of JDK values (strings, collections, optionals, times) with their argument counts. */
    static final Map<String, Set<Integer>> VALUE_METHODS = Map.ofEntries(
            Map.entry("equals", Set.of(1)),
            Map.entry("equalsIgnoreCase", Set.of(1)),
            Map.entry("compareTo", Set.of(1)),
            Map.entry("startsWith", Set.of(1)),
            Map.entry("endsWith", Set.of(1)),
            Map.entry("contains", Set.of(1)),
            Map.entry("containsKey", Set.of(1)),
            Map.entry("containsValue", Set.of(1)),
            Map.entry("get", Set.of(1)),
            Map.entry("getOrDefault", Set.of(2)),
            Map.entry("isEmpty", Set.of(0)),
            Map.entry("isBlank", Set.of(0)),
            Map.entry("isPresent", Set.of(0)),
            Map.entry("orElse", Set.of(1)),
            Map.entry("size", Set.of(0)),
            Map.entry("length", Set.of(0)),
            Map.entry("toString", Set.of(0)),
            Map.entry("toLowerCase", Set.of(0)),
            Map.entry("toUpperCase", Set.of(0)),
            Map.entry("trim", Set.of(0)),
            Map.entry("indexOf", Set.of(1)),
            Map.entry("substring", Set.of(1, 2)),
            Map.entry("name", Set.of(0)),
            Map.entry("ordinal", Set.of(0)),
            Map.entry("isBefore", Set.of(1)),
            Map.entry("isAfter", Set.of(1)),
            Map.entry("getEpochSecond", Set.of(0)),
            Map.entry("toEpochMilli", Set.of(0)),
            Map.entry("keySet", Set.of(0)),
            Map.entry("values", Set.of(0)));
    /** Never callable, whatever the receiver: they lead out of the fact model. */
    static final Set<String> NEVER =
            Set.of("getClass", "getDeclaringClass", "wait", "notify", "notifyAll", "clone", "finalize", "hashCode");

    static final Set<String> BUILT_IN_PACKAGE_PREFIXES = Set.of("io.hapc");
    /** Patterns per rule: the engine joins them, so each one more multiplies time and memory by a collection's size. */
    static final int MAX_PATTERNS = 4;

    static final Map<String, Class<?>> ALLOWED_IMPORTS = allowedImports();
    /** Names of the read-only accessors of the fact model (record components, no-argument methods). */
    static final Set<String> ACCESSORS = accessors();

    static boolean staticConstant(Class<?> t, String name) {
        try {
            var f = t.getField(name);
            return Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    static boolean staticMethod(Class<?> t, String name, int args) {
        for (Method m : t.getMethods()) {
            if (m.getDeclaringClass() == t
                    && Modifier.isStatic(m.getModifiers())
                    && m.getName().equals(name)
                    && m.getParameterCount() == args) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Class<?>> allowedImports() {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        List<Class<?>> all = new ArrayList<>();
        all.addAll(INPUT_FACTS);
        all.addAll(DERIVED_FACTS);
        all.addAll(HELPERS);
        all.addAll(ENUMS);
        all.add(Constraint.class);
        all.add(ClusterOptions.class);
        for (Class<?> c : all) out.put(c.getCanonicalName(), c);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Record components and public no-argument instance methods of the fact model, followed into its own types. */
    private static Set<String> accessors() {
        Set<String> names = new HashSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.addAll(INPUT_FACTS);
        todo.addAll(DERIVED_FACTS);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c) || !c.getName().startsWith("io.hapc.")) continue;
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    names.add(rc.getName());
                    follow(rc.getGenericType(), todo);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                        && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0
                        && m.getReturnType() != void.class) {
                    names.add(m.getName());
                    follow(m.getGenericReturnType(), todo);
                }
            }
            for (Class<?> sub : c.getPermittedSubclasses() == null ? new Class<?>[0] : c.getPermittedSubclasses())
                todo.add(sub);
        }
        names.removeAll(NEVER);
        return java.util.Collections.unmodifiableSet(names);
    }

    private static void follow(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            todo.add(c);
        } else if (t instanceof ParameterizedType p) {
            follow(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) follow(a, todo);
        }
    }
}
