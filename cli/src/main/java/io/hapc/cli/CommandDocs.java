package io.hapc.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (mvn package): bash completion and the man pages' AsciiDoc, from every command fully
 * built (the commands are added in code, so picocli's own mains, which read the annotations, would
 * see the root alone). Usage: CommandDocs COMPLETION_FILE MAN_ADOC_DIR
 */
public final class CommandDocs {
    private CommandDocs() {}

    public static void main(String[] args) throws Exception {
        CommandLine all = HapcCommand.newCommandLine();
        Path completion = Path.of(args[0]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("hapc", all), StandardCharsets.UTF_8);
        File manDir = new File(args[1]);
        int rc = ManPageGenerator.generateManPage(manDir, null, new boolean[0], true, all.getCommandSpec());
        if (rc != 0) throw new IllegalStateException("man page generation failed (" + rc + ")");
    }
}
