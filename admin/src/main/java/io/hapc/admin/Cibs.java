package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.RuleFile;
import java.util.List;
import java.util.Objects;

/** Copies of a CIB with one section replaced (the model keeps its record minimal; the editor needs these). */
final class Cibs {
    private Cibs() {}

    static Cib withVersion(Cib c, CibVersion v) {
        return new Cib(v, c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(), c.nodes(),
                c.resources(), c.constraints(), c.rscDefaults(), c.opDefaults(), c.status(), c.ruleFiles());
    }

    static Cib withPropertySets(Cib c, List<NvSet> sets) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), sets, c.nodes(),
                c.resources(), c.constraints(), c.rscDefaults(), c.opDefaults(), c.status(), c.ruleFiles());
    }

    static Cib withNodes(Cib c, List<Node> nodes) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(), nodes,
                c.resources(), c.constraints(), c.rscDefaults(), c.opDefaults(), c.status(), c.ruleFiles());
    }

    static Cib withResources(Cib c, List<Resource> resources) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(),
                c.nodes(), resources, c.constraints(), c.rscDefaults(), c.opDefaults(), c.status(), c.ruleFiles());
    }

    static Cib withConstraints(Cib c, List<Constraint> constraints) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(),
                c.nodes(), c.resources(), constraints, c.rscDefaults(), c.opDefaults(), c.status(), c.ruleFiles());
    }

    static Cib withRscDefaults(Cib c, List<NvSet> sets) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(),
                c.nodes(), c.resources(), c.constraints(), sets, c.opDefaults(), c.status(), c.ruleFiles());
    }

    static Cib withOpDefaults(Cib c, List<NvSet> sets) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(),
                c.nodes(), c.resources(), c.constraints(), c.rscDefaults(), sets, c.status(), c.ruleFiles());
    }

    static Cib withRuleFiles(Cib c, List<RuleFile> files) {
        return new Cib(c.version(), c.validateWith(), c.haveQuorum(), c.dcUuid(), c.executionDate(), c.propertySets(),
                c.nodes(), c.resources(), c.constraints(), c.rscDefaults(), c.opDefaults(), c.status(), files);
    }

    /** Whether anything below <configuration> differs (status, quorum and DC are the DC's business). */
    static boolean configurationDiffers(Cib a, Cib b) {
        return !Objects.equals(a.propertySets(), b.propertySets()) || !Objects.equals(a.nodes(), b.nodes())
                || !Objects.equals(a.resources(), b.resources()) || !Objects.equals(a.constraints(), b.constraints())
                || !Objects.equals(a.rscDefaults(), b.rscDefaults()) || !Objects.equals(a.opDefaults(), b.opDefaults())
                || !Objects.equals(a.ruleFiles(), b.ruleFiles());
    }
}
