package io.hapc.admin;

import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status;
import io.hapc.model.xml.CibXmlWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `config checkpoint restore N`: a kept configuration replaces the current one whole, validated, newer than both. */
class CheckpointEditsTest {
    /** A checkpoint as the node keeps it: the CIB's XML with an empty status. */
    private static String checkpoint(Cib cib) {
        return CibXmlWriter.write(cib.withStatus(Status.empty()));
    }

    @Test
    void theConfigurationComesBackTheStatusStaysLiveAndTheVersionMovesOn() throws Exception {
        Cib kept = Fixtures.webCluster();
        Cib now = Fixtures.apply(
                Fixtures.apply(kept, new CibEdit.ResourceDisable(List.of("VIP"))),
                new CibEdit.ResourceDefaultsSet(map("resource-stickiness", "200")));
        CibEditor.EditOutcome restored = outcome(now, new CibEdit.CheckpointRestore(4, checkpoint(kept)));
        assertTrue(restored.changed());
        assertFalse(Cibs.configurationDiffers(kept, restored.cib()), "the configuration is checkpoint 4's");
        assertEquals(now.status(), restored.cib().status(), "what runs where is the live status, not the checkpoint's");
        assertTrue(
                restored.cib().version().compareTo(now.version()) > 0
                        && restored.cib().version().epoch() == now.version().epoch() + 1,
                restored.cib().version() + " after " + now.version());
        assertTrue(
                restored.message()
                        .startsWith("Restored checkpoint 4 (configuration of CIB "
                                + kept.version().adminEpoch() + ":"
                                + kept.version().epoch() + ")"),
                restored.message());
    }

    @Test
    void aCheckpointThatIsNoCibOrWouldNotValidateIsRefusedWhole() {
        Cib now = Fixtures.webCluster();
        assertEquals(
                "checkpoint 7 cannot be restored: it is not a CIB hapc can read",
                refusal(now, new CibEdit.CheckpointRestore(7, "<cib epoch=\"1\"><configuration>"))
                        .split(" \\(")[0]);
        // A constraint on a resource the checkpoint does not have: the edit checks refuse it as they refuse any edit
        // bringing one.
        String dangling = checkpoint(now).replace("rsc=\"VIP\" node=\"node1\"", "rsc=\"Ghost\" node=\"node1\"");
        assertTrue(dangling.contains("Ghost"), "the fixture still has VIP-prefers-node1");
        String why = refusal(now, new CibEdit.CheckpointRestore(2, dangling));
        assertTrue(why.contains("Ghost"), why);
    }
}
