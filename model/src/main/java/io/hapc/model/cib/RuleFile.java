package io.hapc.model.cib;

import java.util.Objects;

/**
 * An admin rule file (Drools DRL) stored in the CIB, so every node's engine compiles the same
 * rules the DC does. name is the file name ("slow-disks.drl"); source its text, kept verbatim.
 */
public record RuleFile(String name, String source) {
    public RuleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
