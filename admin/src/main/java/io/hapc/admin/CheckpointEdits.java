package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.xml.CibXmlReader;

/**
 * `config checkpoint restore N` (pcs's): the configuration of a kept CIB replaces the current one
 * whole, in one edit; the status (what runs where, as the nodes report it) stays the live one. The
 * editor then validates the result as for any edit and gives it a new epoch, so the restored
 * configuration is newer than everything it replaces and every node takes it.
 */
final class CheckpointEdits {
    private CheckpointEdits() {}

    static Cib restore(Cib current, CibEdit.CheckpointRestore restore, Notes notes) throws InvalidEditException {
        String name = "checkpoint " + restore.checkpoint();
        Cib kept;
        try {
            kept = CibXmlReader.read(restore.xml(), name);
        } catch (CibFormatException e) {
            throw new InvalidEditException(name + " cannot be restored: it is not a CIB hapc can read ("
                    + e.getMessage() + "); the CIB was not changed");
        }
        notes.message(
                "Restored " + name + " (configuration of CIB " + kept.version().adminEpoch() + ":"
                        + kept.version().epoch() + "); the configuration before it is kept as a checkpoint too");
        return current.withPropertySets(kept.propertySets())
                .withNodes(kept.nodes())
                .withResources(kept.resources())
                .withConstraints(kept.constraints())
                .withRscDefaults(kept.rscDefaults())
                .withOpDefaults(kept.opDefaults())
                .withRuleFiles(kept.ruleFiles())
                .withAcls(kept.acls());
    }
}
