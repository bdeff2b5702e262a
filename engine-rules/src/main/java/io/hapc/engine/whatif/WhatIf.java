package io.hapc.engine.whatif;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.FailureAttribute;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What-if edits of a CIB's status, as crm_simulate offers them: a node goes down cleanly, fails,
 * comes up, goes to standby, an operation result is injected, or a ticket is granted, revoked, put
 * in standby or activated. Each returns a new Cib.
 */
public final class WhatIf {
    private static final Pattern OP = Pattern.compile("(.+)_([a-z_]+)_(\\d+)@([^=]+)=(-?\\d+)");

    private WhatIf() {}

    public static Cib nodeDown(Cib cib, String uname) {
        return editNode(
                cib,
                uname,
                s -> new NodeRecord(
                        s.id(),
                        s.uname(),
                        Optional.of("false"),
                        Optional.of("offline"),
                        Optional.of("down"),
                        Optional.of("down"),
                        Optional.of("0"),
                        s.transientAttributes(),
                        s.resources(),
                        Optional.empty()));
    }

    public static Cib nodeFail(Cib cib, String uname) {
        return editNode(
                cib,
                uname,
                s -> new NodeRecord(
                        s.id(),
                        s.uname(),
                        Optional.of("false"),
                        Optional.of("offline"),
                        Optional.of("down"),
                        Optional.of("member"),
                        Optional.of("0"),
                        s.transientAttributes(),
                        s.resources(),
                        Optional.empty()));
    }

    public static Cib nodeUp(Cib cib, String uname) {
        return editNode(
                cib,
                uname,
                s -> new NodeRecord(
                        s.id(),
                        s.uname(),
                        Optional.of("true"),
                        Optional.of("online"),
                        Optional.of("member"),
                        Optional.of("member"),
                        Optional.of("0"),
                        s.transientAttributes(),
                        s.resources(),
                        Optional.empty()));
    }

    public static Cib standby(Cib cib, String uname) {
        return editNode(cib, uname, s -> {
            Map<String, String> attrs = new LinkedHashMap<>(s.transientAttributes());
            attrs.put("standby", "on");
            return s.withTransientAttributes(attrs);
        });
    }

    /** What a what-if does to a ticket (crm_simulate's --ticket-grant, -revoke, -standby, -activate). */
    public enum TicketChange {
        GRANT,
        REVOKE,
        STANDBY,
        ACTIVATE
    }

    /**
     * The ticket granted (last-granted = now), revoked, put in standby or made active again; a ticket
     * the status does not record yet starts as never granted. What a ticket registry recorded besides stays.
     */
    public static Cib ticket(Cib cib, String ticketId, TicketChange change, Instant now) {
        if (ticketId.isBlank()) throw new IllegalArgumentException("a ticket id must not be empty");
        Status.TicketState old = cib.status()
                .ticket(ticketId)
                .orElse(new Status.TicketState(ticketId, false, false, Optional.empty(), Map.of()));
        Status.TicketState changed = switch (change) {
            case GRANT ->
                new Status.TicketState(
                        ticketId, true, old.standby(), Optional.of(now.getEpochSecond()), old.otherAttributes());
            case REVOKE ->
                new Status.TicketState(ticketId, false, old.standby(), old.lastGranted(), old.otherAttributes());
            case STANDBY ->
                new Status.TicketState(ticketId, old.granted(), true, old.lastGranted(), old.otherAttributes());
            case ACTIVATE ->
                new Status.TicketState(ticketId, old.granted(), false, old.lastGranted(), old.otherAttributes());
        };
        List<Status.TicketState> tickets = new ArrayList<>(cib.status().tickets());
        tickets.removeIf(t -> t.id().equals(ticketId));
        tickets.add(changed);
        return cib.withStatus(new Status(cib.status().nodeStates(), tickets));
    }

    /**
     * Injects an operation result, "rsc_monitor_10000@node1=7": appended to the resource's history
     * on that node, and counted as a failure (fail-count, last-failure) when rc is not the expected one.
     */
    public static Cib injectOperation(Cib cib, String spec, Instant now) {
        Matcher m = OP.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("--op-fail '" + spec + "': expected RSC_OPERATION_INTERVALMS@NODE=RC, "
                    + "e.g. rsc1_monitor_10000@node1=7");
        }
        String rsc = m.group(1);
        String op = m.group(2);
        long interval = Long.parseLong(m.group(3));
        String uname = m.group(4);
        int rc = Integer.parseInt(m.group(5));
        boolean probe = op.equals("monitor") && interval == 0;
        int expected = probe ? 7 : 0;
        Cib withOp = editNode(cib, uname, s -> {
            List<ResourceHistory> resources = new ArrayList<>(s.resources());
            int callId = resources.stream()
                            .flatMap(h -> h.operations().stream())
                            .mapToInt(OperationRecord::callId)
                            .max()
                            .orElse(0)
                    + 1;
            OperationRecord rec = new OperationRecord(
                    OperationHistory.lastFailureId(rsc),
                    op,
                    interval,
                    callId,
                    rc,
                    rc == expected ? 0 : 4,
                    Optional.of("0:0:" + expected + ":hapc-what-if"),
                    Optional.empty(),
                    now.getEpochSecond(),
                    Optional.empty(),
                    Optional.of(uname));
            int idx = -1;
            for (int i = 0; i < resources.size(); i++) if (resources.get(i).id().equals(rsc)) idx = i;
            if (idx >= 0) {
                ResourceHistory h = resources.get(idx);
                List<OperationRecord> ops = new ArrayList<>(h.operations());
                ops.add(rec);
                resources.set(
                        idx, new ResourceHistory(h.id(), h.standard(), h.provider(), h.type(), ops, h.shutdownLock()));
            } else {
                var prim = findPrimitive(cib, rsc);
                resources.add(new ResourceHistory(
                        rsc,
                        prim.map(p -> p.standard()).orElse("ocf"),
                        prim.flatMap(p -> p.provider()),
                        prim.map(p -> p.type()).orElse("unknown"),
                        List.of(rec)));
            }
            Map<String, String> attrs = new LinkedHashMap<>(s.transientAttributes());
            if (rc != expected && !(probe && (rc == 0 || rc == 8))) {
                String key = FailureAttribute.Kind.FAIL_COUNT.name(rsc, op, interval);
                int count = 0;
                try {
                    count = Integer.parseInt(attrs.getOrDefault(key, "0"));
                } catch (NumberFormatException e) {
                    count = 1_000_000;
                }
                attrs.put(key, Integer.toString(Math.min(1_000_000, count + 1)));
                attrs.put(
                        FailureAttribute.Kind.LAST_FAILURE.name(rsc, op, interval),
                        Long.toString(now.getEpochSecond()));
            }
            return new NodeRecord(
                    s.id(),
                    s.uname(),
                    s.inCcm(),
                    s.crmd(),
                    s.join(),
                    s.expected(),
                    s.shutdown(),
                    attrs,
                    resources,
                    s.nodeFenced());
        });
        return withOp;
    }

    private static Optional<io.hapc.model.cib.Resource.Primitive> findPrimitive(Cib cib, String id) {
        String base = id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : id;
        List<io.hapc.model.cib.Resource> todo = new ArrayList<>(cib.resources());
        while (!todo.isEmpty()) {
            var r = todo.remove(0);
            if (r instanceof io.hapc.model.cib.Resource.Primitive p && p.id().equals(base)) return Optional.of(p);
            if (r instanceof io.hapc.model.cib.Resource.Group g) todo.addAll(g.members());
            if (r instanceof io.hapc.model.cib.Resource.Clone c) todo.add(c.child());
            if (r instanceof io.hapc.model.cib.Resource.Bundle b) b.primitive().ifPresent(todo::add);
        }
        return Optional.empty();
    }

    private static Cib editNode(Cib cib, String uname, UnaryOperator<NodeRecord> edit) {
        var node = cib.nodes().stream()
                .filter(n -> n.uname().equals(uname))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + uname + "' in the CIB (nodes: "
                        + String.join(
                                ", ", cib.nodes().stream().map(n -> n.uname()).toList()) + ")"));
        List<NodeRecord> states = new ArrayList<>();
        boolean found = false;
        for (NodeRecord s : cib.status().nodeStates()) {
            if (s.id().equals(node.id())) {
                states.add(edit.apply(s));
                found = true;
            } else {
                states.add(s);
            }
        }
        if (!found) {
            states.add(edit.apply(new NodeRecord(
                    node.id(),
                    Optional.of(uname),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of(),
                    List.of())));
        }
        return cib.withStatus(cib.status().withNodeStates(states));
    }
}
