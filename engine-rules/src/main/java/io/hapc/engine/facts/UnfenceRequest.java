package io.hapc.engine.facts;

/**
 * A node that must be unfenced (the devices' "on" action: access to shared storage given back)
 * before what requires unfencing may be probed or started there. Unlike a FenceRequest it does not
 * take the node down: it stays online, but what requires unfencing and runs there restarts after it.
 * cause orders the reasons given for one node (the first one is printed); resource is the one
 * whose action asked for it, if any.
 */
public record UnfenceRequest(String node, Cause cause, String reason, String resource, String rule) {
    public enum Cause {
        /** The definition of a fencing device that provides unfencing changed where it runs. */
        DEVICE_CHANGED,
        /** The node never was unfenced (no #node-unfenced) and is about to probe what needs it. */
        NEVER_UNFENCED
    }
}
