package io.hapc.model.cib;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable, order-preserving copies of name/value maps (nvpair sets keep their document order). */
public final class Attributes {
    private Attributes() {}

    public static Map<String, String> copy(Map<String, String> source) {
        if (source == null || source.isEmpty()) return Map.of();
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    public static Map<String, Integer> copyInts(Map<String, Integer> source) {
        if (source == null || source.isEmpty()) return Map.of();
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
