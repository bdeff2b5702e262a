package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** property set/unset (crm_config), resource defaults (rsc_defaults) and op defaults (op_defaults). */
final class OptionEdits {
    private OptionEdits() {}

    /** Where pcs and Pacemaker put cluster options. */
    static final String BOOTSTRAP = "cib-bootstrap-options";

    static Cib propertySet(Cib cib, Map<String, String> values, Notes notes) throws InvalidEditException {
        if (values.isEmpty())
            throw new InvalidEditException("property set: give NAME=VALUE (e.g. stonith-enabled=false)");
        List<String> unknown = Values.checkProperties(values);
        for (String u : unknown) {
            notes.warn(
                    "'" + u + "' is not a cluster property Pacemaker or hapc knows; set anyway (check the spelling)");
        }
        notes.message("Set " + describe(values));
        return cib.withPropertySets(change(cib, cib.propertySets(), values, BOOTSTRAP));
    }

    static Cib propertyUnset(Cib cib, List<String> names, Notes notes) throws InvalidEditException {
        if (names.isEmpty()) throw new InvalidEditException("property unset: name the properties to unset");
        Map<String, String> values = new LinkedHashMap<>();
        for (String n : names) {
            Values.checkName(n, "property unset");
            if (NvSets.value(cib.propertySets(), n).isEmpty()) {
                throw new InvalidEditException(
                        "property unset: '" + n + "' is not set (hapc property show lists what is)");
            }
            values.put(n, "");
        }
        notes.message("Unset " + String.join(", ", names));
        return cib.withPropertySets(change(cib, cib.propertySets(), values, BOOTSTRAP));
    }

    static Cib rscDefaults(Cib cib, Map<String, String> values, Notes notes) throws InvalidEditException {
        if (values.isEmpty())
            throw new InvalidEditException("resource defaults: give NAME=VALUE (e.g. resource-stickiness=100)");
        Values.checkMeta(values, "resource defaults");
        notes.message("Resource defaults: " + describe(values));
        return cib.withRscDefaults(change(cib, cib.rscDefaults(), values, "rsc_defaults-meta_attributes"));
    }

    static Cib opDefaults(Cib cib, Map<String, String> values, Notes notes) throws InvalidEditException {
        if (values.isEmpty())
            throw new InvalidEditException("resource op defaults: give NAME=VALUE (e.g. timeout=60s)");
        Values.checkOpDefaults(values);
        notes.message("Operation defaults: " + describe(values));
        return cib.withOpDefaults(change(cib, cib.opDefaults(), values, "op_defaults-meta_attributes"));
    }

    private static List<NvSet> change(Cib cib, List<NvSet> sets, Map<String, String> values, String newSetId) {
        return NvSets.change(sets, values, newSetId, Ids.all(cib));
    }

    private static String describe(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach(
                (k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(v.isEmpty() ? k + " (removed)" : k + "=" + v));
        return sb.toString();
    }
}
