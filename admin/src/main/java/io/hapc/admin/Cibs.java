package io.hapc.admin;

import io.hapc.model.cib.Cib;
import java.util.Objects;

/** Copies of a CIB with one section replaced (the model keeps its record minimal; the editor needs these). */
final class Cibs {
    private Cibs() {}

    /** Whether anything below <configuration> differs (status, quorum and DC are the DC's business). */
    static boolean configurationDiffers(Cib a, Cib b) {
        return !Objects.equals(a.propertySets(), b.propertySets())
                || !Objects.equals(a.nodes(), b.nodes())
                || !Objects.equals(a.resources(), b.resources())
                || !Objects.equals(a.constraints(), b.constraints())
                || !Objects.equals(a.rscDefaults(), b.rscDefaults())
                || !Objects.equals(a.opDefaults(), b.opDefaults())
                || !Objects.equals(a.ruleFiles(), b.ruleFiles())
                || !Objects.equals(a.acls(), b.acls());
    }
}
