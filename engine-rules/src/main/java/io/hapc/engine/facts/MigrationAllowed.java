package io.hapc.engine.facts;

/**
 * `target` (a primitive) may move live: when it moves from one healthy node to another, the
 * planner migrates it (migrate_to on the source, migrate_from on the target) instead of stopping
 * and starting it, unless something in the transition needs it stopped first.
 */
public record MigrationAllowed(String target, String reason, String rule) {}
