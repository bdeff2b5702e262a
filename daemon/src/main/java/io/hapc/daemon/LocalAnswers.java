package io.hapc.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.daemon.dc.DesignatedController;
import io.hapc.model.xml.CibXmlWriter;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.StoredCib;
import java.io.IOException;
import java.util.Optional;

/**
 * The admin requests a node answers itself, DC or not: the CIB as it knows it, its own CIB
 * checkpoints, the availability it measured, and what daemon it is. Everything else goes to the DC.
 */
final class LocalAnswers {
    private final NodeDaemon.Parts parts;
    private final DaemonObserver observer;
    private final ObjectMapper json;

    LocalAnswers(NodeDaemon.Parts parts, DaemonObserver observer, ObjectMapper json) {
        this.parts = parts;
        this.observer = observer;
        this.json = json;
    }

    /** This node's answer to `request`, or empty if it is not one this node answers itself. */
    Optional<AdminReply> answer(
            AdminRequest request,
            Optional<String> dcName,
            Optional<DesignatedController> dc,
            Optional<StoredCib> latest,
            ConnectionState connection) {
        if (request instanceof AdminRequest.GetCib) {
            Optional<String> xml = dc.isPresent()
                    ? Optional.of(CibXmlWriter.write(dc.get().currentCib()))
                    : latest.map(StoredCib::xml);
            if (xml.isEmpty()) {
                try {
                    xml = parts.cibFile().read();
                } catch (IOException e) {
                    xml = Optional.empty();
                }
            }
            return Optional.of(xml.map(x -> AdminReply.success("").withCib(x, dcName))
                    .orElseGet(() -> AdminReply.failure(
                            5, "no CIB yet: " + parts.node() + " has not joined a cluster with a DC")));
        }
        if (request instanceof AdminRequest.CheckpointList || request instanceof AdminRequest.CheckpointGet) {
            // this node's own history (every node keeps the CIBs it writes), so answered here
            return Optional.of(checkpoints(request, dcName));
        }
        if (request instanceof AdminRequest.GetAvailability) {
            // measured by this node from the CIBs it received (see docs/METRICS.md), so answered here
            return Optional.of(observer.availabilityJson()
                    .map(AdminReply::success)
                    .orElseGet(() -> AdminReply.failure(
                            5, parts.node() + " does not measure availability (its metrics are off: metrics.port=0)")));
        }
        if (request instanceof AdminRequest.DaemonInfo) {
            // the message names the transport: `hapc status` shows it as the stack
            return Optional.of(new AdminReply(
                    true,
                    0,
                    parts.transport().kind(),
                    Optional.empty(),
                    dcName,
                    Optional.of(parts.node()),
                    Optional.of(ProcessHandle.current().pid()),
                    Optional.of(connection.name()
                            + parts.transport()
                                    .linkSummary()
                                    .map(s -> " (" + s + ")")
                                    .orElse(""))));
        }
        return Optional.empty();
    }

    private AdminReply checkpoints(AdminRequest request, Optional<String> dcName) {
        try {
            if (request instanceof AdminRequest.CheckpointGet g) {
                return parts.cibFile()
                        .checkpoint(g.number())
                        .map(x -> AdminReply.success("").withCib(x, dcName))
                        .orElseGet(() -> AdminReply.failure(
                                3,
                                "no checkpoint " + g.number() + " on " + parts.node()
                                        + ": see `hapc config checkpoint` for the ones kept"));
            }
            var list = json.createArrayNode();
            for (CibFile.Checkpoint c : parts.cibFile().checkpoints()) {
                list.addObject()
                        .put("number", c.number())
                        .put("date", c.date().toString())
                        .put("adminEpoch", c.adminEpoch())
                        .put("epoch", c.epoch());
            }
            return AdminReply.success(json.writeValueAsString(list));
        } catch (IOException e) {
            return AdminReply.failure(
                    5,
                    "cannot read the CIB's history in " + parts.cibFile().path().getParent() + ": " + e.getMessage());
        }
    }
}
