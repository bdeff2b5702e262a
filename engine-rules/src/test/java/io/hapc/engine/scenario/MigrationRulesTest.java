package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** migration.drl, and how the planner turns an allowed migration into a Migrate (or not). */
class MigrationRulesTest {
    private static String migratable(String id) {
        return "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"><meta_attributes id=\""
                + id + "-meta\"><nvpair id=\"" + id
                + "-am\" name=\"allow-migrate\" value=\"true\"/></meta_attributes></primitive>";
    }

    private static String prefer(String rsc, String node) {
        return "<rsc_location id=\"l-" + rsc + "\" rsc=\"" + rsc + "\" node=\"" + node + "\" score=\"100\"/>";
    }

    @Test
    void allowMigrateLetsAPrimitiveMoveLive() {
        assertEquals(
                List.of("Migrate A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(migratable("A"))
                        .constraint(prefer("A", "n2"))
                        .runs("A", "n1")
                        .summary());
    }

    @Test
    void withoutAllowMigrateAMoveIsStopAndStart() {
        assertEquals(
                List.of("Move A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .constraint(prefer("A", "n2"))
                        .runs("A", "n1")
                        .summary());
    }

    @Test
    void aFailedResourceIsRecoveredNotMigrated() {
        assertEquals(
                List.of("Recover A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(migratable("A"))
                        .constraint(prefer("A", "n2"))
                        .monitorFailed("A", "n1", 1)
                        .summary());
    }

    @Test
    void aMigratingFirstDoesNotRestartItsDependents() {
        assertEquals(
                List.of("Migrate A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(migratable("A"))
                        .dummy("B")
                        .constraint(prefer("A", "n2"))
                        .constraint(prefer("B", "n2"))
                        .constraint("<rsc_order id=\"o\" first=\"A\" then=\"B\"/>")
                        .runs("A", "n1")
                        .runs("B", "n2")
                        .summary());
    }

    @Test
    void aFirstThatStopsForRealKeepsItsThenFromMigrating() {
        assertEquals(
                List.of("Move A (n1 -> n2)", "Move B (n1 -> n2) due to unmigrateable A stop"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .resource(migratable("B"))
                        .constraint(prefer("A", "n2"))
                        .constraint(prefer("B", "n2"))
                        .constraint("<rsc_order id=\"o\" first=\"A\" then=\"B\"/>")
                        .runs("A", "n1")
                        .runs("B", "n1")
                        .summary());
    }

    @Test
    void aPartialMigrationToTheChosenNodeIsCompleted() {
        // migrate_to done, migrate_from not yet: active on both, the move goes on live.
        assertEquals(
                List.of("Migrate A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(migratable("A"))
                        .constraint(prefer("A", "n2"))
                        .probedStopped("A", "n2")
                        .migrated("A", "n1", "n2", 0, null)
                        .summary());
    }

    @Test
    void aMigrationToANodeThatIsGoneLeavesTheSourceFailed() {
        assertEquals(
                List.of("Recover A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(migratable("A"))
                        .constraint(prefer("A", "n2"))
                        .probedStopped("A", "n2")
                        .migrated("A", "n1", "n3", 0, null)
                        .summary());
    }

    @Test
    void aFailedMigrateToLeavesItActiveOnBothNodes() {
        assertEquals(
                List.of("Recover A (n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(migratable("A"))
                        .constraint(prefer("A", "n2"))
                        .probedStopped("A", "n2")
                        .migrated("A", "n1", "n2", 1, null)
                        .summary());
    }

    @Test
    void aCompletedMigrationWhoseSourceIsNotStoppedYetMovesByStopAndStart() {
        assertEquals(
                List.of("Move A (n2 -> n3)"),
                Scenario.nodes("n1", "n2", "n3")
                        .resource(migratable("A"))
                        .constraint(prefer("A", "n3"))
                        .migrated("A", "n1", "n2", 0, 0)
                        .summary());
    }
}
