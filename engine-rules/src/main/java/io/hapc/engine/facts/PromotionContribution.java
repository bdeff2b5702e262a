package io.hapc.engine.facts;

/** A contribution to the promotion score of a promotable clone's instances on a node. */
public record PromotionContribution(String target, String node, int score, String reason, String rule) {}
