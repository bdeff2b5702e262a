package io.hapc.model.xml;

import static io.hapc.model.xml.XmlValues.number;
import static io.hapc.model.xml.XmlValues.required;

import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** The CIB's status section: each node's node_state (transient attributes, lrm history) and the ticket states. */
final class StatusXmlReader {
    /** Attributes of ticket_state that the model has components for; the rest are kept as they are. */
    private static final Set<String> TICKET_COMPONENTS = Set.of("id", "granted", "standby", "last-granted");

    /** A parent element's nvpair sets of a kind (id-refs followed). */
    private final BiFunction<XmlElement, String, List<NvSet>> sets;

    StatusXmlReader(BiFunction<XmlElement, String, List<NvSet>> sets) {
        this.sets = sets;
    }

    Status status(XmlElement e) {
        List<Status.NodeRecord> states = new ArrayList<>();
        for (XmlElement ns : e.children("node_state")) {
            // A node_state without an id belongs to no node: Pacemaker skips it, and so does hapc.
            if (ns.attr("id").isEmpty()) continue;
            Map<String, String> transients = new LinkedHashMap<>();
            ns.child("transient_attributes").ifPresent(t -> {
                for (NvSet s : sets.apply(t, "instance_attributes")) s.values().forEach(transients::put);
            });
            List<Status.ResourceHistory> histories = new ArrayList<>();
            ns.child("lrm").flatMap(l -> l.child("lrm_resources")).ifPresent(lr -> {
                for (XmlElement r : lr.children("lrm_resource")) histories.add(history(r));
            });
            states.add(new Status.NodeRecord(
                    required(ns, "id"),
                    ns.attr("uname"),
                    ns.attr("in_ccm"),
                    ns.attr("crmd"),
                    ns.attr("join"),
                    ns.attr("expected"),
                    ns.attr("shutdown"),
                    transients,
                    histories,
                    ns.attr("node_fenced")));
        }
        List<Status.TicketState> tickets = new ArrayList<>();
        Set<String> ticketIds = new java.util.HashSet<>();
        for (XmlElement section : e.children("tickets")) {
            for (XmlElement t : section.children("ticket_state")) {
                Status.TicketState state = ticketState(t);
                if (!ticketIds.add(state.id())) {
                    throw new CibXmlReader.Bad(
                            t, "a second <ticket_state> for ticket '" + state.id() + "' (one per ticket)");
                }
                tickets.add(state);
            }
        }
        return new Status(states, tickets);
    }

    private static Status.TicketState ticketState(XmlElement t) {
        Map<String, String> other = new LinkedHashMap<>();
        t.attributes().forEach((k, v) -> {
            if (!TICKET_COMPONENTS.contains(k)) other.put(k, v);
        });
        Optional<Long> lastGranted =
                t.attr("last-granted").filter(v -> !v.isBlank()).map(v -> number(t, "last-granted", 0));
        return new Status.TicketState(
                required(t, "id"),
                t.attr("granted").map(XmlValues::bool).orElse(false),
                t.attr("standby").map(XmlValues::bool).orElse(false),
                lastGranted,
                other);
    }

    private Status.ResourceHistory history(XmlElement r) {
        List<Status.OperationRecord> ops = new ArrayList<>();
        for (XmlElement op : r.children("lrm_rsc_op")) {
            ops.add(new Status.OperationRecord(
                    op.attr("id").orElse(""),
                    required(op, "operation"),
                    number(op, "interval", 0),
                    (int) number(op, "call-id", 0),
                    (int) number(op, "rc-code", 0),
                    (int) number(op, "op-status", 0),
                    op.attr("transition-key"),
                    op.attr("op-digest"),
                    number(op, "last-rc-change", 0),
                    op.attr("exit-reason"),
                    op.attr("on_node"),
                    new Status.Digests(
                            op.attr("op-restart-digest"),
                            op.attr("op-force-restart"),
                            op.attr("op-secure-digest"),
                            op.attr("op-secure-params"),
                            op.attr("crm_feature_set")),
                    op.attr("migrate_source")
                            .flatMap(src -> op.attr("migrate_target").map(dst -> new Status.Migration(src, dst)))));
        }
        Optional<Long> lock = r.attr("shutdown-lock").flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty(); // not a time: no lock Pacemaker would honour either
            }
        });
        return new Status.ResourceHistory(
                required(r, "id"),
                r.attr("class").orElse("ocf"),
                r.attr("provider"),
                r.attr("type").orElse(""),
                ops,
                lock);
    }
}
