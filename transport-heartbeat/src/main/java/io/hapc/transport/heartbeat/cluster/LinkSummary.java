package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.heartbeat.liveness.PeerStatus;
import java.util.Map;

/** "heartbeat to n2: ALIVE, joined; ring0 UP (heard 40 ms ago), ring1 DOWN" and why there is no quorum, if so. */
final class LinkSummary {
    private LinkSummary() {}

    static String of(String peerName, PeerStatus status, boolean joined, String quorumNote) {
        StringBuilder sb = new StringBuilder("heartbeat to ")
                .append(peerName)
                .append(": ")
                .append(status.peer())
                .append(joined ? ", joined" : ", not joined");
        String sep = "; ";
        for (Map.Entry<String, PeerStatus.LinkStatus> l : status.links().entrySet()) {
            sb.append(sep).append(l.getKey()).append(' ').append(l.getValue().state());
            l.getValue()
                    .silentFor()
                    .ifPresent(d -> sb.append(" (heard ").append(d.toMillis()).append(" ms ago)"));
            sep = ", ";
        }
        return sb.append(quorumNote).toString();
    }
}
