package io.hapc.cli.daemon;

import io.hapc.cli.OutputOption;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Mixin for commands that ask the daemon and print what it answers: the daemon ({@link DaemonOptions},
 * --node/--socket inherited from the root), `-o/--output`, and the command's output stream.
 */
@Command // no options of its own but -o/--output (OutputOption, mixed in here)
public final class DaemonReadOptions {
    /** The command using these options. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    OutputOption output;

    private DaemonOptions daemon;

    /** The daemon this command asks; made here, not mixed in, so that it sees the command (and its root's --node). */
    public synchronized DaemonOptions daemon() {
        if (daemon == null) daemon = DaemonOptions.of(mixee);
        return daemon;
    }

    public boolean json() {
        return output.json();
    }

    public OutputOption output() {
        return output;
    }

    public PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /** Prints `json` as JSON with -o json, else `text` as it is. */
    public void print(Supplier<Object> json, Supplier<String> text) {
        PrintWriter out = out();
        if (json()) {
            Json.print(out, json.get());
        } else {
            out.print(text.get());
            out.flush();
        }
    }
}
