package io.hapc.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RemoteAdminSettingsTest {
    private static RemoteAdminSettings of(Map<String, String> values) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(values);
        all.put("cluster.secret", "x");
        return DaemonConfig.of(all, "host").remoteAdmin();
    }

    @Test
    void byDefaultPort2224OnEveryAddressWithThirtyDayTokens() throws Exception {
        RemoteAdminSettings s = of(Map.of());
        assertEquals(Optional.empty(), s.bindAddress());
        assertEquals(OptionalInt.of(2224), s.port());
        assertEquals(Duration.ofDays(30), s.tokenLifetime());
    }

    @Test
    void theKeysSetAddressPortAndLifetimeOrTurnTheServiceOff() throws Exception {
        RemoteAdminSettings s =
                of(Map.of("admin.bind", "127.0.0.1", "admin.port", "12224", "admin.token.lifetime.s", "60"));
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), s.bindAddress());
        assertEquals(OptionalInt.of(12224), s.port());
        assertEquals(Duration.ofSeconds(60), s.tokenLifetime());
        assertEquals(OptionalInt.empty(), of(Map.of("admin.port", "off")).port());
    }

    @Test
    void badValuesNameTheSettingAndWhatItTakes() {
        assertEquals(
                "setting admin.port=0: expected a TCP port, or off for no admin service (default 2224)",
                assertThrows(IllegalArgumentException.class, () -> of(Map.of("admin.port", "0")))
                        .getMessage());
        assertEquals(
                "setting admin.bind=node1.example: expected an IP address of this machine (e.g. 10.0.0.1 or ::1), or no "
                        + "value for all of its addresses",
                assertThrows(IllegalArgumentException.class, () -> of(Map.of("admin.bind", "node1.example")))
                        .getMessage());
        assertEquals(
                "setting admin.token.lifetime.s=1d: expected seconds, from 1 to 315360000 (default 2592000, 30 days)",
                assertThrows(IllegalArgumentException.class, () -> of(Map.of("admin.token.lifetime.s", "1d")))
                        .getMessage());
    }
}
