package io.hapc.admin;

import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 8, finding 9: the colocation-loop check walks a chain of any length (it recursed once per link). */
class ColocationChainEditsTest {

    @Test
    void closingALoopAtTheEndOfATwentyThousandLinkChainIsRefusedNotAStackOverflow() {
        int n = 20_000;
        Cib base = webCluster();
        List<Resource> resources = new ArrayList<>(base.resources());
        List<Constraint> constraints = new ArrayList<>(base.constraints());
        for (int i = 0; i < n; i++) {
            resources.add(new Resource.Primitive(
                    "c" + i, "ocf", Optional.of("heartbeat"), "Dummy", List.of(), List.of(), List.of(), List.of()));
            if (i > 0) {
                constraints.add(new Constraint.Colocation(
                        "col-" + i,
                        Optional.of("c" + (i - 1)),
                        Optional.of("c" + i),
                        Score.INFINITY,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        Optional.empty()));
            }
        }
        Cib chain = base.withResources(resources).withConstraints(constraints);
        String m = refusal(
                chain,
                new CibEdit.ColocationAdd(
                        Optional.of("closing"),
                        Optional.empty(),
                        "c" + (n - 1),
                        Optional.empty(),
                        "c0",
                        Optional.of("INFINITY")));
        assertTrue(
                m.startsWith("colocation loop: c" + (n - 1) + " with c0 (closing), c0 with c1 (col-1), "),
                m.substring(0, 200));
    }
}
