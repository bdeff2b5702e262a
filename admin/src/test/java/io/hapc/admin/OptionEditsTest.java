package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.model.cib.Cib;
import java.util.List;
import org.junit.jupiter.api.Test;

/** property set / unset, resource defaults, op defaults. */
class OptionEditsTest {
    @Test
    void propertySetChangesTheExistingValueInPlace() throws Exception {
        CibEditor.EditOutcome o = outcome(
                webCluster(), new CibEdit.PropertySet(map("no-quorum-policy", "freeze", "cluster-name", "web")));
        assertEquals(1, o.cib().propertySets().size());
        assertEquals(
                map("fencing-enabled", "true", "no-quorum-policy", "freeze", "cluster-name", "web"),
                o.cib().propertySets().get(0).values());
        assertEquals("Set no-quorum-policy=freeze cluster-name=web", o.message());
    }

    @Test
    void unknownPropertiesWarnBadValuesAreRefused() throws Exception {
        CibEditor.EditOutcome o = outcome(webCluster(), new CibEdit.PropertySet(map("stonith-enabeld", "false")));
        assertEquals(
                List.of(
                        "'stonith-enabeld' is not a cluster property Pacemaker or hapc knows; set anyway (check the spelling)"),
                o.warnings());
        assertEquals(
                "cluster property no-quorum-policy=panic: expected one of stop, freeze, ignore, demote, suicide, fence",
                refusal(webCluster(), new CibEdit.PropertySet(map("no-quorum-policy", "panic"))));
        assertEquals(
                "cluster property stonith-enabled: 'perhaps' is not a boolean (true or false)",
                refusal(webCluster(), new CibEdit.PropertySet(map("stonith-enabled", "perhaps"))));
    }

    @Test
    void unsetRemovesAndRefusesWhatIsNotSet() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.PropertyUnset(List.of("no-quorum-policy")));
        assertEquals(map("fencing-enabled", "true"), cib.propertySets().get(0).values());
        assertEquals(
                "property unset: 'no-quorum-policy' is not set (hapc property show lists what is)",
                refusal(cib, new CibEdit.PropertyUnset(List.of("no-quorum-policy"))));
    }

    @Test
    void defaults() throws Exception {
        Cib cib = apply(
                webCluster(),
                new CibEdit.ResourceDefaultsSet(map("resource-stickiness", "100", "migration-threshold", "3")));
        assertEquals(
                map("resource-stickiness", "100", "migration-threshold", "3"),
                cib.rscDefaults().get(0).values());
        cib = apply(cib, new CibEdit.OpDefaultsSet(map("timeout", "60s")));
        assertEquals("op_defaults-meta_attributes", cib.opDefaults().get(0).id());
        assertEquals(
                "op defaults timeout: 'long' is not a duration (e.g. 30s, 500ms, 5min, 1h, PT10M)",
                refusal(cib, new CibEdit.OpDefaultsSet(map("timeout", "long"))));
        assertEquals(
                "resource defaults failure-timeout: 'x' is not a duration (e.g. 30s, 500ms, 5min, 1h, PT10M)",
                refusal(cib, new CibEdit.ResourceDefaultsSet(map("failure-timeout", "x"))));
    }
}
