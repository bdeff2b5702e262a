package io.hapc.engine.facts;

/** An id a constraint may name: a primitive, group, clone or clone instance (kind says which). */
public record ResourceId(String id, Kind kind) {
    public enum Kind {
        PRIMITIVE,
        GROUP,
        CLONE,
        CLONE_INSTANCE
    }
}
