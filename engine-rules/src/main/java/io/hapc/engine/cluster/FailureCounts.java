package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.parseLongOr;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.FailureAttribute;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Score;
import io.hapc.model.cib.Status.NodeRecord;
import java.util.List;
import java.util.Map;

/**
 * Failure accounting: a resource's fail-count and last-failure per node, from the nodes'
 * transient attributes (FailureAttribute's names), failures of on-fail=ignore operations left out.
 */
final class FailureCounts {
    private final Cib cib;
    private final KnownNodes known;

    FailureCounts(Cib cib, KnownNodes known) {
        this.cib = cib;
        this.known = known;
    }

    /** anyInstance: an anonymous clone's instance, whose failures on a node add up under every instance name. */
    void collect(
            String primitiveId,
            String instanceId,
            boolean anyInstance,
            List<Operation> ops,
            Map<String, Integer> failCounts,
            Map<String, Long> lastFailures) {
        for (NodeRecord s : cib.status().nodeStates()) {
            String node = known.nameOf(s.id());
            if (node == null) continue;
            int count = 0;
            long last = 0;
            for (Map.Entry<String, String> a : s.transientAttributes().entrySet()) {
                String name = a.getKey();
                if (ignoredFailure(name, ops)) continue;
                if (matchesFailAttr(
                        name, FailureAttribute.Kind.FAIL_COUNT.prefix(), primitiveId, instanceId, anyInstance)) {
                    count = Score.add(count, Score.parse(a.getValue()));
                } else if (matchesFailAttr(
                        name, FailureAttribute.Kind.LAST_FAILURE.prefix(), primitiveId, instanceId, anyInstance)) {
                    last = Math.max(last, parseLongOr(a.getValue(), 0));
                }
            }
            if (count != 0) failCounts.put(node, count);
            if (last != 0) lastFailures.put(node, last);
        }
    }

    /** Failures of an operation with on-fail=ignore never count ("fail-count-rsc#monitor_10000"). */
    private static boolean ignoredFailure(String attribute, List<Operation> ops) {
        int hash = attribute.indexOf('#');
        if (hash < 0) return false;
        String opKey = attribute.substring(hash + 1);
        int us = opKey.lastIndexOf('_');
        if (us < 0) return false;
        String name = opKey.substring(0, us);
        long interval = parseLongOr(opKey.substring(us + 1), -1);
        return ops.stream()
                .anyMatch(o -> o.name().equals(name)
                        && o.intervalMs() == interval
                        && o.onFail().map(f -> f.equalsIgnoreCase("ignore")).orElse(false));
    }

    private static boolean matchesFailAttr(
            String name, String prefix, String primitiveId, String instanceId, boolean anyInstance) {
        if (!name.startsWith(prefix)) return false;
        String rest = name.substring(prefix.length());
        int hash = rest.indexOf('#');
        String rsc = hash >= 0 ? rest.substring(0, hash) : rest;
        if (rsc.equals(primitiveId) || rsc.equals(instanceId)) return true;
        return anyInstance
                && rsc.startsWith(primitiveId + ":")
                && rsc.substring(primitiveId.length() + 1).chars().allMatch(Character::isDigit);
    }
}
