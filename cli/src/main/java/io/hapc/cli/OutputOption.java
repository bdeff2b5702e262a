package io.hapc.cli;

import picocli.CommandLine.Option;

/** Mixin: `-o/--output text|json`, for commands that print something scripts may read. */
public final class OutputOption {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "text (default) or json.")
    OutputFormat output = OutputFormat.text;

    public boolean json() {
        return output == OutputFormat.json;
    }
}
