package io.hapc.engine.report;

import io.hapc.engine.actions.SummaryLine;
import java.util.List;

/** Formats Transition Summary lines with crm_simulate's columns: verb, resource, ( details ), reason. */
public final class SummaryFormatter {
    private SummaryFormatter() {}

    public static String format(List<SummaryLine> lines) {
        int idWidth = lines.stream()
                .filter(l -> !l.isFence())
                .mapToInt(l -> l.subject().length())
                .max()
                .orElse(0);
        int detailWidth = lines.stream()
                .filter(l -> !l.isFence())
                .mapToInt(l -> l.details().length())
                .max()
                .orElse(0);
        StringBuilder sb = new StringBuilder();
        for (SummaryLine l : lines) {
            sb.append("  * ");
            if (l.isFence()) {
                sb.append(l.verb())
                        .append(' ')
                        .append(l.subject())
                        .append(" '")
                        .append(l.reason().orElse(""))
                        .append("'\n");
                continue;
            }
            sb.append(String.format(
                    "%-10s %-" + (idWidth + 4) + "s ( %" + detailWidth + "s )", l.verb(), l.subject(), l.details()));
            if (l.reason().isPresent()) {
                sb.append("  due to ").append(l.reason().get());
                if (l.blocked()) sb.append(" (blocked)");
            } else if (l.blocked()) {
                sb.append("  blocked");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
