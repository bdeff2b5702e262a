package io.hapc.engine.actions;

import java.util.Optional;

/**
 * One line of the Pacemaker-style Transition Summary: `Fence (reboot) node 'reason'` or
 * `<verb> <resource> ( <details> )  due to <reason> [(blocked)]`.
 */
public record SummaryLine(String verb, String subject, String details, Optional<String> reason, boolean blocked) {
    public boolean isFence() {
        return verb.startsWith("Fence");
    }

    /** The line as crm_simulate words it, without its column padding (for a log line). */
    public String text() {
        if (isFence()) return verb + " " + subject + " '" + reason.orElse("") + "'";
        return verb + " " + subject + " ( " + details + " )"
                + reason.map(r -> " due to " + r).orElse("")
                + (blocked ? (reason.isPresent() ? " (blocked)" : " blocked") : "");
    }
}
