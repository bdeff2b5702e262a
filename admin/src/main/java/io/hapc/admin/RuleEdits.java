package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.RuleFile;
import java.util.ArrayList;
import java.util.List;

/** rules add / remove: admin rule files stored in the CIB (compiled and checked by {@link CibChecks}). */
final class RuleEdits {
    private RuleEdits() {}

    static Cib add(Cib cib, CibEdit.RuleAdd e, Notes notes) throws InvalidEditException {
        String name = e.name() == null ? "" : e.name();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.drl")) {
            throw new InvalidEditException(
                    "rules add: '" + name + "' is not a rule file name: letters, digits, '.', '_' and '-', "
                            + "ending in .drl (e.g. slow-disks.drl)");
        }
        if (e.source() == null || e.source().isBlank())
            throw new InvalidEditException("rules add " + name + ": the file is empty");
        // XML turns CR LF into LF anyway: store what every node will read back.
        RuleFile file = new RuleFile(name, e.source().replace("\r\n", "\n").replace('\r', '\n'));
        List<RuleFile> files = new ArrayList<>();
        boolean replaced = false;
        for (RuleFile f : cib.ruleFiles()) {
            if (f.name().equals(name)) {
                if (!e.replace()) {
                    throw new InvalidEditException("rules add: a rule file named '" + name + "' is already stored; "
                            + "add --replace to replace it, or hapc rules remove " + name + " first");
                }
                files.add(file);
                replaced = true;
            } else {
                files.add(f);
            }
        }
        if (!replaced) files.add(file);
        notes.message((replaced ? "Replaced" : "Added") + " rule file " + name);
        return cib.withRuleFiles(files);
    }

    static Cib remove(Cib cib, String name, Notes notes) throws InvalidEditException {
        if (cib.ruleFiles().stream().noneMatch(f -> f.name().equals(name))) {
            List<String> names = cib.ruleFiles().stream().map(RuleFile::name).toList();
            throw new InvalidEditException("rules remove: no rule file '" + name + "' in the CIB ("
                    + (names.isEmpty() ? "none is stored" : "rule files: " + String.join(", ", names)) + ")");
        }
        notes.message("Removed rule file " + name);
        return cib.withRuleFiles(
                cib.ruleFiles().stream().filter(f -> !f.name().equals(name)).toList());
    }
}
