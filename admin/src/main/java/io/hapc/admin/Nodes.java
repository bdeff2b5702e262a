package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** node standby / maintenance / attribute: node attributes in the nodes section (they survive restarts). */
final class Nodes {
    private Nodes() {}

    static Node require(Cib cib, String name, String where) throws InvalidEditException {
        for (Node n : cib.nodes()) if (n.uname().equals(name)) return n;
        List<String> names = cib.nodes().stream().map(Node::uname).toList();
        throw new InvalidEditException(where + ": no node '" + name + "' in the CIB ("
                + (names.isEmpty() ? "no nodes are configured" : "nodes: " + String.join(", ", names)) + ")");
    }

    static Cib flag(Cib cib, String attribute, List<String> names, boolean all, boolean on, Notes notes)
            throws InvalidEditException {
        String verb = (on ? "" : "un") + attribute;
        if (all && !names.isEmpty())
            throw new InvalidEditException("node " + verb + ": name nodes or give --all, not both");
        if (!all && names.isEmpty()) throw new InvalidEditException("node " + verb + ": name the nodes (or --all)");
        Set<String> targets = new LinkedHashSet<>();
        if (all) cib.nodes().forEach(n -> targets.add(n.uname()));
        for (String n : names) targets.add(require(cib, n, "node " + verb).uname());
        Map<String, String> change = Map.of(attribute, on ? "on" : "");
        Cib out = cib;
        for (String n : targets) out = setAttributes(out, n, change);
        notes.message((on ? "Put " : "Took ") + String.join(", ", targets) + (on ? " in " : " out of ") + attribute);
        return out;
    }

    static Cib attribute(Cib cib, CibEdit.NodeAttributeSet e, Notes notes) throws InvalidEditException {
        Node node = require(cib, e.node(), "node attribute");
        checkNames(e.node(), e.values(), "node attribute");
        notes.message("Node " + node.uname() + ": " + described(e.values()));
        return setAttributes(cib, node.uname(), e.values());
    }

    /**
     * Transient attributes (crm_attribute's lifetime reboot): in the node's status section, which the DC
     * keeps; so the node must have joined since it was added (it has a node_state).
     */
    static Cib transientAttribute(Cib cib, CibEdit.NodeTransientAttributeSet e, Notes notes)
            throws InvalidEditException {
        String where = "node attribute --lifetime reboot";
        Node node = require(cib, e.node(), where);
        checkNames(e.node(), e.values(), where);
        List<Status.NodeRecord> states = new ArrayList<>();
        boolean found = false;
        for (Status.NodeRecord s : cib.status().nodeStates()) {
            if (!s.id().equals(node.id()) && !s.uname().orElse("").equals(node.uname())) {
                states.add(s);
                continue;
            }
            found = true;
            Map<String, String> attributes = new LinkedHashMap<>(s.transientAttributes());
            e.values().forEach((k, v) -> {
                if (v.isEmpty()) attributes.remove(k);
                else attributes.put(k, v);
            });
            states.add(s.withTransientAttributes(attributes));
        }
        if (!found) {
            throw new InvalidEditException(where + ": node '" + node.uname() + "' has no status yet (it has not "
                    + "joined the cluster since it was added): set it once the node is online, or without "
                    + "--lifetime reboot to keep it in the configuration");
        }
        notes.message("Node " + node.uname() + " (until it leaves the cluster): " + described(e.values()));
        return cib.withStatus(cib.status().withNodeStates(states));
    }

    private static void checkNames(String node, Map<String, String> values, String where) throws InvalidEditException {
        if (values.isEmpty())
            throw new InvalidEditException(where + " " + node + ": give NAME=VALUE (an empty value removes it)");
        for (String name : values.keySet()) {
            if (name.startsWith("#")) {
                throw new InvalidEditException(where + " " + node + ": '" + name
                        + "' is a built-in attribute (#uname, #id, #kind, #is_dc) and cannot be set");
            }
            Values.checkName(name, where + " " + node);
        }
    }

    private static String described(Map<String, String> values) {
        List<String> set = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        values.forEach((k, v) -> (v.isEmpty() ? removed : set).add(v.isEmpty() ? k : k + "=" + v));
        return (set.isEmpty() ? "" : "set " + String.join(" ", set))
                + (set.isEmpty() || removed.isEmpty() ? "" : "; ")
                + (removed.isEmpty() ? "" : "removed " + String.join(" ", removed));
    }

    /** Removes a node that is not an online member from the nodes section and the status. */
    static Cib delete(Cib cib, String name, Notes notes) throws InvalidEditException {
        Node node = require(cib, name, "node remove " + name);
        boolean online = cib.status().nodeStates().stream()
                .anyMatch(s -> (s.id().equals(node.id()) || s.uname().orElse("").equals(name))
                        && s.inCcm().orElse("").equals("true"));
        if (online) {
            throw new InvalidEditException(
                    "node remove " + name + ": it is an online member: stop it first (hapc cluster stop " + name
                            + "; `hapc cluster node remove` does)");
        }
        notes.message("Node " + name + " removed from the CIB");
        return cib.withNodes(cib.nodes().stream()
                        .filter(n -> !n.uname().equals(name))
                        .toList())
                .withStatus(new io.hapc.model.cib.Status(
                        cib.status().nodeStates().stream()
                                .filter(s -> !s.id().equals(node.id())
                                        && !s.uname().orElse("").equals(name))
                                .toList(),
                        cib.status().tickets()));
    }

    private static Cib setAttributes(Cib cib, String uname, Map<String, String> changes) {
        Set<String> taken = Ids.all(cib);
        List<Node> nodes = new ArrayList<>();
        for (Node n : cib.nodes()) {
            if (!n.uname().equals(uname)) {
                nodes.add(n);
                continue;
            }
            List<NvSet> sets = NvSets.change(n.attributeSets(), new LinkedHashMap<>(changes), "nodes-" + n.id(), taken);
            nodes.add(new Node(n.id(), n.uname(), n.type(), sets, n.utilizationSets()));
        }
        return cib.withNodes(nodes);
    }
}
