package io.hapc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the command it runs; what the user sees is the same as with every command built. */
class HapcCommandTest {
    @Test
    void theRootsHelpIsTheSameWhetherTheCommandsAreBuiltOrNot() {
        assertEquals(
                HapcCommand.newCommandLine().getUsageMessage(),
                HapcCommand.commandLineFor(new String[] {"--help"}).getUsageMessage());
    }

    @Test
    void onlyTheNamedCommandIsBuilt() {
        CommandLine cl = HapcCommand.commandLineFor(new String[] {"--node", "n1", "resource", "create", "X", "Dummy"});
        assertTrue(cl.getSubcommands().get("resource").getSubcommands().containsKey("create"));
        assertTrue(cl.getSubcommands().get("constraint").getSubcommands().isEmpty(), "not run, not built");
        assertTrue(
                cl.getSubcommands().get("status").getCommandSpec().userObject() == null,
                "a stub has no command object");
    }

    @Test
    void theCommandNameIsTheFirstArgumentThatIsNotARootOption() {
        assertEquals(
                Optional.of("status"), HapcCommand.commandName(new String[] {"--socket", "/x", "status", "--full"}));
        assertEquals(Optional.of("status"), HapcCommand.commandName(new String[] {"--node=n1", "status"}));
        assertEquals(Optional.empty(), HapcCommand.commandName(new String[] {"--help"}));
    }

    @Test
    void nodeAndSocketAreOneOptionBeforeOrAfterTheSubcommand() {
        for (String[] args : List.of(
                new String[] {"--node", "n1", "status"},
                new String[] {"status", "--node", "n1"},
                new String[] {"cluster", "stop", "--node", "n1"},
                new String[] {"resource", "create", "X", "Dummy", "--node", "n1"})) {
            CommandLine cl = HapcCommand.commandLineFor(args);
            cl.parseArgs(args);
            assertEquals(Optional.of("n1"), ((HapcCommand) cl.getCommand()).node(), String.join(" ", args));
        }
        String[] socket = {"status", "--socket", "/run/x.sock"};
        CommandLine cl = HapcCommand.commandLineFor(socket);
        cl.parseArgs(socket);
        assertEquals(Optional.of(java.nio.file.Path.of("/run/x.sock")), ((HapcCommand) cl.getCommand()).socket());
    }

    @Test
    void scoresAreStillArgumentsOfTheConstraintCommands() {
        CommandLine cl =
                HapcCommand.commandLineFor(new String[] {"constraint", "location", "VIP", "prefers", "n1=-INFINITY"});
        CommandLine.ParseResult r = cl.parseArgs("constraint", "colocation", "add", "A", "with", "B", "-INFINITY");
        assertTrue(
                r.subcommand().subcommand().subcommand().matchedPositionals().stream()
                        .anyMatch(p -> p.getValue().toString().contains("-INFINITY")),
                r.originalArgs().toString());
    }

    @Test
    void theSandboxsOptionsSayWhatTheyAreAndTheirDefaults() {
        String stop = CliRun.of("sandbox", "stop", "--help").out();
        assertTrue(
                stop.contains("--dir=DIR")
                        && stop.contains("HAPC_SANDBOX_DIR")
                        && stop.contains("only sandbox running"),
                stop);
        assertTrue(stop.contains("--timeout-s=S") && stop.contains("(default 60)"), stop);
        String status = CliRun.of("sandbox", "status", "--help").out();
        assertTrue(status.contains("--dir=DIR") && status.contains("HAPC_SANDBOX_DIR"), status);
        String start = CliRun.of("sandbox", "start", "--help").out();
        assertTrue(start.contains("--timeout-s=S") && start.contains("(default 90)"), start);
    }
}
