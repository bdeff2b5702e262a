package io.hapc.engine.assign;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Explanations built only when asked for: every decision keeps the score sheets, but turning
 * 10,000 of them into maps would cost more than the decision itself. Unmodifiable.
 */
final class LazyExplanations extends AbstractMap<String, Explanation> {
    /** What an explanation is made from. */
    record Source(String resource, NodeScoreSheet sheet, Optional<String> chosen, String verdict) {
        Explanation build() {
            return sheet == null
                    ? new Explanation(resource, Map.of(), Map.of(), chosen, verdict)
                    : new Explanation(resource, sheet.totals(), sheet.reasons(), chosen, verdict);
        }
    }

    private final Map<String, Source> sources;

    LazyExplanations(Map<String, Source> sources) {
        this.sources = sources;
    }

    Map<String, Source> sources() {
        return sources;
    }

    @Override
    public Explanation get(Object key) {
        Source s = sources.get(key);
        return s == null ? null : s.build();
    }

    @Override
    public boolean containsKey(Object key) {
        return sources.containsKey(key);
    }

    @Override
    public int size() {
        return sources.size();
    }

    @Override
    public Set<Entry<String, Explanation>> entrySet() {
        Map<String, Explanation> all = new LinkedHashMap<>();
        sources.forEach((k, v) -> all.put(k, v.build()));
        return java.util.Collections.unmodifiableMap(all).entrySet();
    }
}
