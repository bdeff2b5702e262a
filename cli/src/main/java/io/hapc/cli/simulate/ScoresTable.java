package io.hapc.cli.simulate;

import io.hapc.engine.Decision;
import io.hapc.engine.assign.Explanation;
import io.hapc.model.cib.Score;
import java.util.Map;

/** `--show-scores`: each resource's final score on each node, as crm_simulate -s lists them. */
final class ScoresTable {
    private ScoresTable() {}

    static String format(Decision d) {
        StringBuilder sb = new StringBuilder("Assignment Scores:\n");
        for (Map.Entry<String, Explanation> e : d.placement().explanations().entrySet()) {
            for (Map.Entry<String, Integer> s : e.getValue().totals().entrySet()) {
                sb.append("  * ")
                        .append(e.getKey())
                        .append(" allocation score on ")
                        .append(s.getKey())
                        .append(": ")
                        .append(Score.format(s.getValue()))
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
