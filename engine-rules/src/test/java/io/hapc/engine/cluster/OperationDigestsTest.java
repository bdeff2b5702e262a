package io.hapc.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.OperationRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Digests as Pacemaker's controller records them (values from the shared scheduler corpus). */
class OperationDigestsTest {
    private static final Map<String, String> PARAMS = Map.of("passwd", "whatever", "fake", "foo");

    @Test
    void digestsMatchThoseRecordedByPacemaker() {
        assertEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8", OperationDigests.digest(new TreeMap<>()));
        assertEquals("457016173e548c394dcf3896e3066412", OperationDigests.digest(new TreeMap<>(PARAMS)));
        TreeMap<String, String> recurring = new TreeMap<>(PARAMS);
        recurring.put("CRM_meta_timeout", "20000");
        assertEquals("f9a51bfe2c3d74c3b72202f3101682b7", OperationDigests.digest(recurring));
    }

    @Test
    void onlyReloadableParametersChangedMeansReload() {
        Status.Digests reloadable = new Status.Digests(
                Optional.of("5de129d7fe42dbcfe537f2c63b1921b6"),
                Optional.of("  envfile op_sleep passwd state  "),
                Optional.empty(),
                Optional.empty(),
                Optional.of("3.16.0"));
        OperationRecord start = start("457016173e548c394dcf3896e3066412", reloadable);
        List<Operation> ops = List.of();
        assertEquals(Optional.empty(), OperationDigests.compare(start, PARAMS, ops, Optional.empty(), false));
        assertEquals(
                Optional.of(DefinitionChange.Kind.RELOAD),
                OperationDigests.compare(
                        start, Map.of("passwd", "whatever", "fake", "bar"), ops, Optional.empty(), false));
        assertEquals(
                Optional.of(DefinitionChange.Kind.RESTART),
                OperationDigests.compare(
                        start, Map.of("passwd", "other", "fake", "foo"), ops, Optional.empty(), false));
    }

    @Test
    void withoutReloadSupportAnyChangeRestartsAndNoDigestMeansNoChange() {
        OperationRecord start = start("457016173e548c394dcf3896e3066412", Status.Digests.NONE);
        assertEquals(
                Optional.of(DefinitionChange.Kind.RESTART),
                OperationDigests.compare(start, Map.of("fake", "foo"), List.of(), Optional.empty(), false));
        OperationRecord undigested = new OperationRecord(
                "r_start_0",
                "start",
                0,
                3,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty());
        assertEquals(
                Optional.empty(),
                OperationDigests.compare(undigested, Map.of("fake", "foo"), List.of(), Optional.empty(), false));
    }

    private static OperationRecord start(String digest, Status.Digests digests) {
        return new OperationRecord(
                "r_start_0",
                "start",
                0,
                3,
                0,
                0,
                Optional.empty(),
                Optional.of(digest),
                0,
                Optional.empty(),
                Optional.empty(),
                digests);
    }
}
