package io.hapc.transport.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ZooKeeperTransportConfigTest {
    @Test
    void defaultsAreThoseDocumented() {
        ZooKeeperTransportConfig config = ZooKeeperTransportConfig.of("127.0.0.1:2181", "prod", "node1", "s3cret");
        assertEquals(Duration.ofSeconds(5), config.sessionTimeout());
        assertEquals(Duration.ofSeconds(3), config.connectionTimeout());
        assertEquals(1_000_000, config.maxZnodeBytes());
        assertEquals(
                Duration.ofSeconds(2),
                config.withSessionTimeout(Duration.ofSeconds(2)).sessionTimeout());
    }

    @Test
    void theSecretStaysOutOfToString() {
        String shown = ZooKeeperTransportConfig.of("127.0.0.1:2181", "prod", "node1", "s3cret")
                .toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertTrue(shown.contains("node1"), shown);
    }

    @Test
    void namesMustBeZnodeNames() {
        for (String bad : new String[] {"", "a/b", ".", "..", "tab\there"}) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ZooKeeperTransportConfig.of("127.0.0.1:2181", "prod", bad, "s"),
                    bad);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ZooKeeperTransportConfig.of("127.0.0.1:2181", bad, "node1", "s"),
                    bad);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> ZooKeeperTransportConfig.of("127.0.0.1:2181", "prod", "node1", " "));
        assertThrows(
                IllegalArgumentException.class,
                () -> ZooKeeperTransportConfig.of("127.0.0.1:2181", "prod", "node1", "s")
                        .withSessionTimeout(Duration.ZERO));
    }
}
