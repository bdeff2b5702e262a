package io.hapc.cli.constraint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `hapc constraint list` text. */
class ConstraintTextTest {
    private static Cib corpusCase(String area, String name) throws Exception {
        Path shared = Path.of(System.getProperty("hapc.shared.dir", "../../shared"));
        Path file = shared.resolve("pcmk-scheduler-corpus").resolve(area).resolve(name + ".xml");
        org.junit.jupiter.api.Assumptions.assumeTrue(file.toFile().isFile(), "corpus case not found: " + file);
        return CibXmlReader.read(file);
    }

    @Test
    void ticketConstraintsAreListedWithRoleTicketAndLossPolicy() throws Exception {
        String text = ConstraintText.text(corpusCase("tickets", "ticket-promoted-6"));
        assertTrue(
                text.endsWith(
                        "Ticket Constraints:\n  Promoted ms1 ticket=ticketA loss-policy=demote (id:ms1-dep-ticketA)\n"),
                text);
        String sets = ConstraintText.text(corpusCase("tickets", "ticket-rsc-sets-1"));
        assertTrue(
                sets.contains(
                        "  set rsc1 group2 clone4 role=Started set ms5 role=Promoted ticket=ticketA loss-policy=demote"
                                + " (id:resources-dep-ticketA)\n"),
                sets);
    }

    @Test
    void withoutTicketConstraintsThereIsNoTicketSection() throws Exception {
        assertFalse(ConstraintText.text(corpusCase("colocation", "anti-colocation-order"))
                .contains("Ticket"));
    }
}
