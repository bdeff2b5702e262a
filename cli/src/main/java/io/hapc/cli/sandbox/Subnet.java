package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;

/**
 * An IPv4 subnet of an isolated sandbox (default 198.18.0.0/24, the RFC 2544 benchmarking range),
 * and the fixed plan of who gets which address in it: the bridge (where ZooKeeper listens) .1,
 * node i .(10+i), the client .200, the demo's floating IP .100.
 */
public record Subnet(int network, int prefixLength) {
    public static final String DEFAULT = "198.18.0.0/24";
    static final int BRIDGE = 1;
    static final int FLOATING_IP = 100;
    static final int CLIENT = 200;
    static final int FIRST_NODE = 11;

    public static Subnet parse(String text) {
        String how = " (expected an IPv4 subnet like " + DEFAULT + ", prefix length 16 to 24)";
        String[] parts = text.strip().split("/");
        if (parts.length != 2)
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "--subnet " + text + ": no prefix length" + how);
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4)
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "--subnet " + text + ": not an IPv4 address" + how);
        int addr = 0;
        int prefix;
        try {
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) throw new NumberFormatException(o);
                addr = (addr << 8) | v;
            }
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT, "--subnet " + text + ": not a number: " + e.getMessage() + how);
        }
        if (prefix < 16 || prefix > 24) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "--subnet " + text + ": prefix length " + prefix
                            + " leaves no room for the bridge, the nodes (.11-.42) and the client (.200)" + how);
        }
        int mask = (int) (0xFFFFFFFFL << (32 - prefix));
        if ((addr & ~mask) != 0) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "--subnet " + text + ": host bits set; did you mean " + dotted(addr & mask) + "/" + prefix + "?");
        }
        return new Subnet(addr, prefix);
    }

    /** The address `offset` into the subnet, dotted. */
    public String address(int offset) {
        return dotted(network + offset);
    }

    public String bridge() {
        return address(BRIDGE);
    }

    public String client() {
        return address(CLIENT);
    }

    public String floatingIp() {
        return address(FLOATING_IP);
    }

    /** Node number `i` (1-based). */
    public String node(int i) {
        return address(FIRST_NODE - 1 + i);
    }

    @Override
    public String toString() {
        return dotted(network) + "/" + prefixLength;
    }

    private static String dotted(int a) {
        return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
