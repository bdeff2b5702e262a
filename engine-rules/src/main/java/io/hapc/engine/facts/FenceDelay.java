package io.hapc.engine.facts;

/**
 * Fencing of `node` waits `delayMs` before its device's own delays (pcmk_delay_base/max): the
 * priority-fencing-delay that lets the node with the more important resources win a fence race.
 */
public record FenceDelay(String node, long delayMs, String reason, String rule) {}
