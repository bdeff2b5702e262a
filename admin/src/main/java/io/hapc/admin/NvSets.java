package io.hapc.admin;

import io.hapc.model.cib.NvSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to nvpair sets (meta_attributes, instance_attributes, crm_config, defaults): a value goes
 * where the name is already set (else into the first set without a rule, else a new set); an empty
 * value removes the name from every set without a rule. Sets guarded by rules are the admin's own
 * conditional settings and are left alone.
 */
final class NvSets {
    private NvSets() {}

    static List<NvSet> change(List<NvSet> sets, Map<String, String> changes, String newSetId, Set<String> takenIds) {
        List<NvSet> out = new ArrayList<>(sets);
        List<Boolean> shrunk = new ArrayList<>(java.util.Collections.nCopies(out.size(), false));
        for (Map.Entry<String, String> c : changes.entrySet()) {
            String name = c.getKey();
            String value = c.getValue() == null ? "" : c.getValue();
            if (value.isEmpty()) {
                for (int i = 0; i < out.size(); i++) {
                    NvSet s = out.get(i);
                    if (s.rule().isEmpty() && s.values().containsKey(name)) {
                        out.set(i, with(s, name, Optional.empty()));
                        shrunk.set(i, true);
                    }
                }
                continue;
            }
            int target = -1;
            for (int i = 0; i < out.size() && target < 0; i++) {
                if (out.get(i).rule().isEmpty() && out.get(i).values().containsKey(name)) target = i;
            }
            for (int i = 0; i < out.size() && target < 0; i++)
                if (out.get(i).rule().isEmpty()) target = i;
            if (target < 0) {
                out.add(NvSet.of(Ids.fresh(newSetId, takenIds), Map.of()));
                shrunk.add(false);
                target = out.size() - 1;
            }
            out.set(target, with(out.get(target), name, Optional.of(value)));
        }
        // A set this change emptied goes too (Pacemaker keeps no empty meta_attributes around).
        List<NvSet> kept = new ArrayList<>();
        for (int i = 0; i < out.size(); i++)
            if (!(shrunk.get(i) && out.get(i).values().isEmpty())) kept.add(out.get(i));
        return kept;
    }

    private static NvSet with(NvSet s, String name, Optional<String> value) {
        Map<String, String> values = new LinkedHashMap<>(s.values());
        if (value.isPresent()) values.put(name, value.get());
        else values.remove(name);
        return new NvSet(s.id(), values, s.rule(), s.score());
    }

    /** The value of `name` as the engine reads it: the first set that has it. */
    static Optional<String> value(List<NvSet> sets, String name) {
        for (NvSet s : sets)
            if (s.values().containsKey(name)) return Optional.of(s.values().get(name));
        return Optional.empty();
    }

    static Map<String, String> merged(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : sets) s.values().forEach(out::putIfAbsent);
        return out;
    }
}
