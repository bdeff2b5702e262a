package io.hapc.daemon.metrics;

import java.util.List;

/** Small CIBs for the metrics tests: nodes n1, n2; resources A (ocf:heartbeat:Dummy) and B, each running where told. */
final class TestCibs {
    private TestCibs() {}

    /** `online`: which nodes are members; `aOn`/`bOn`: where A and B run (null: stopped); `bFailed`: B's monitor failed on n2. */
    static String cib(int epoch, List<String> online, String aOn, String bOn, boolean bFailed, boolean bDisabled) {
        StringBuilder status = new StringBuilder();
        for (String n : List.of("n1", "n2")) {
            boolean up = online.contains(n);
            status.append("<node_state id=\"")
                    .append(n)
                    .append("\" uname=\"")
                    .append(n)
                    .append("\" in_ccm=\"")
                    .append(up)
                    .append("\" crmd=\"")
                    .append(up ? "online" : "offline")
                    .append("\" join=\"")
                    .append(up ? "member" : "down")
                    .append("\" expected=\"")
                    .append(up ? "member" : "down")
                    .append("\">");
            if (bFailed && n.equals("n2")) {
                status.append("<transient_attributes id=\"n2\"><instance_attributes id=\"status-n2\">")
                        .append("<nvpair id=\"fc\" name=\"fail-count-B#monitor_10000\" value=\"1\"/>")
                        .append("</instance_attributes></transient_attributes>");
            }
            status.append("<lrm id=\"").append(n).append("\"><lrm_resources>");
            for (String[] r : new String[][] {{"A", aOn}, {"B", bOn}}) {
                if (!n.equals(r[1]) || !up) continue;
                status.append("<lrm_resource id=\"")
                        .append(r[0])
                        .append("\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">")
                        .append("<lrm_rsc_op id=\"")
                        .append(r[0])
                        .append("_last_0\" operation=\"start\" call-id=\"3\" rc-code=\"0\" ")
                        .append("op-status=\"0\" interval=\"0\" last-rc-change=\"1700000000\"/>");
                if (bFailed && r[0].equals("B")) {
                    status.append(
                                    "<lrm_rsc_op id=\"B_last_failure_0\" operation=\"monitor\" call-id=\"4\" rc-code=\"1\" op-status=\"0\" ")
                            .append("interval=\"10000\" last-rc-change=\"1700000100\" exit-reason=\"pid file gone\"/>");
                }
                status.append("</lrm_resource>");
            }
            status.append("</lrm_resources></lrm></node_state>");
        }
        return "<cib admin_epoch=\"0\" epoch=\"" + epoch
                + "\" num_updates=\"4\" validate-with=\"pacemaker-3.9\" have-quorum=\"1\">"
                + "<configuration><crm_config><cluster_property_set id=\"o\">"
                + "<nvpair id=\"o1\" name=\"stonith-enabled\" value=\"false\"/><nvpair id=\"o2\" name=\"cluster-name\" value=\"t&amp;c\"/>"
                + "</cluster_property_set></crm_config>"
                + "<nodes><node id=\"n1\" uname=\"n1\"/><node id=\"n2\" uname=\"n2\"/></nodes><resources>"
                + "<primitive id=\"A\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
                + "<primitive id=\"B\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
                + (bDisabled
                        ? "<meta_attributes id=\"B-meta\"><nvpair id=\"B-tr\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>"
                        : "")
                + "<operations><op id=\"B-mon\" name=\"monitor\" interval=\"10s\"/></operations></primitive>"
                + "</resources><constraints/></configuration><status>" + status + "</status></cib>";
    }
}
