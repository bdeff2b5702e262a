package io.hapc.model.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureAttributeTest {
    @Test
    void namesAndParsesBothAttributesPerOperation() {
        String name = FailureAttribute.Kind.FAIL_COUNT.name("db:1", "monitor", 10_000);
        assertEquals("fail-count-db:1#monitor_10000", name);
        assertEquals(
                Optional.of(
                        new FailureAttribute(FailureAttribute.Kind.FAIL_COUNT, "db:1", Optional.of("monitor_10000"))),
                FailureAttribute.parse(name));
        assertEquals(
                Optional.of(new FailureAttribute(FailureAttribute.Kind.LAST_FAILURE, "web", Optional.empty())),
                FailureAttribute.parse("last-failure-web"),
                "the older form, one per resource");
        assertFalse(FailureAttribute.isFailureAttribute("standby"));
    }
}
