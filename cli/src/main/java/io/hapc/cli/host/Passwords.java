package io.hapc.cli.host;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** `-p PASSWORD | --password-file FILE`, else asked on the terminal: how the host commands get a password. */
final class Passwords {
    static final class Source {
        @Option(
                names = {"-p", "--password"},
                paramLabel = "PASSWORD",
                description =
                        "The password (visible to other users in the process list: prefer --password-file or the prompt).")
        String password;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "Read the password from the first line of FILE.")
        Path file;
    }

    @ArgGroup(exclusive = true)
    Source source;

    /** The password given, or asked for on the terminal (twice when `confirm`). */
    String get(String prompt, boolean confirm) {
        if (source != null && source.password != null) return source.password;
        if (source != null && source.file != null) {
            try {
                return Files.readAllLines(source.file).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "cannot read the password file " + source.file + ": " + e.getMessage());
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "no password: give it with -p PASSWORD or --password-file FILE "
                            + "(there is no terminal to ask on)");
        }
        char[] first = console.readPassword("%s", prompt);
        if (first == null) throw new CommandFailure(ExitCodes.INVALID_INPUT, "no password given");
        if (confirm) {
            char[] again = console.readPassword("Again: ");
            if (again == null || !java.util.Arrays.equals(first, again)) {
                throw new CommandFailure(ExitCodes.INVALID_INPUT, "the two passwords differ: nothing was changed");
            }
        }
        return new String(first);
    }
}
