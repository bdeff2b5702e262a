package io.hapc.daemon.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The admin service's settings (pcsd's role: `hapc host auth`, `hapc --host NODE …`), keys of
 * hapcd.conf with their defaults beside them.
 *
 * @param bindAddress the address it listens on; empty → every address of the machine
 * @param port its TCP port; empty → no admin service (`admin.port=off`)
 * @param tokenLifetime how long a token from `hapc host auth` is valid
 */
public record RemoteAdminSettings(Optional<InetAddress> bindAddress, OptionalInt port, Duration tokenLifetime) {
    public static final String BIND = "admin.bind";
    public static final String PORT = "admin.port";
    public static final String TOKEN_LIFETIME_S = "admin.token.lifetime.s";
    public static final List<String> KEYS = List.of(BIND, PORT, TOKEN_LIFETIME_S);
    public static final int DEFAULT_PORT = 2224;
    public static final long DEFAULT_TOKEN_LIFETIME_S = Duration.ofDays(30).toSeconds();

    public static RemoteAdminSettings of(Map<String, String> values) {
        Optional<InetAddress> bind = Optional.empty();
        String address = values.getOrDefault(BIND, "").strip();
        if (!address.isEmpty()) {
            // An IP literal, never a name: a name would be looked up (DNS) at every start.
            if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new IllegalArgumentException(
                        "setting " + BIND + "=" + address + ": expected an IP address of this "
                                + "machine (e.g. 10.0.0.1 or ::1), or no value for all of its addresses");
            }
            try {
                bind = Optional.of(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("setting " + BIND + "=" + address + ": not an IP address ("
                        + e.getMessage() + "); expected e.g. 10.0.0.1 or ::1, or no value for all addresses");
            }
        }
        OptionalInt port = OptionalInt.of(DEFAULT_PORT);
        String portText = values.getOrDefault(PORT, "").strip();
        if (portText.equals("off")) {
            port = OptionalInt.empty();
        } else if (!portText.isEmpty()) {
            port = OptionalInt.of((int) whole(
                    PORT,
                    portText,
                    1,
                    65535,
                    "a TCP port, or off for no admin service (default " + DEFAULT_PORT + ")"));
        }
        String lifetime = values.getOrDefault(TOKEN_LIFETIME_S, "").strip();
        long seconds = lifetime.isEmpty()
                ? DEFAULT_TOKEN_LIFETIME_S
                : whole(
                        TOKEN_LIFETIME_S,
                        lifetime,
                        1,
                        Duration.ofDays(3650).toSeconds(),
                        "seconds, from 1 to 315360000 (default " + DEFAULT_TOKEN_LIFETIME_S + ", 30 days)");
        return new RemoteAdminSettings(bind, port, Duration.ofSeconds(seconds));
    }

    private static long whole(String key, String text, long min, long max, String expected) {
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("setting " + key + "=" + text + ": expected " + expected);
    }
}
