package io.hapc.cli.simulate;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.engine.Decision;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.cluster.PacemakerDates;
import io.hapc.engine.report.ClusterStates;
import io.hapc.engine.report.ExplainFormatter;
import io.hapc.engine.report.StatusFormatter;
import io.hapc.engine.report.SummaryFormatter;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleCompilationException;
import io.hapc.engine.whatif.WhatIf;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.ConstraintReferences;
import io.hapc.model.cib.ControlCharacters;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `hapc simulate`: what-if on a CIB file, printed the way crm_simulate prints it, with explanations. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "What-if: run the policy engine on a CIB and show what the cluster would do.",
            "Exit codes: 0 ok, 3 invalid input (CIB, rule file, option value), 4 engine failure."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-x", "--xml-file"},
            paramLabel = "CIB.xml",
            description = "The CIB to simulate on.")
    Path xmlFile;

    @Option(
            names = {"-L", "--live"},
            description = "Simulate on the running cluster's CIB (from the local hapcd; --node picks a sandbox node).")
    boolean live;

    /** The daemon for --live (--node/--socket are the root's), and -o/--output. */
    @picocli.CommandLine.Mixin
    io.hapc.cli.daemon.DaemonReadOptions read;

    @Option(names = "--node-down", paramLabel = "NODE", description = "The node leaves the cluster cleanly.")
    List<String> nodeDown = new ArrayList<>();

    @Option(
            names = "--node-fail",
            paramLabel = "NODE",
            description = "The node fails (it will be fenced if fencing is enabled).")
    List<String> nodeFail = new ArrayList<>();

    @Option(names = "--node-up", paramLabel = "NODE", description = "The node joins the cluster.")
    List<String> nodeUp = new ArrayList<>();

    @Option(names = "--standby", paramLabel = "NODE", description = "The node is put in standby.")
    List<String> standby = new ArrayList<>();

    @Option(
            names = "--op-fail",
            paramLabel = "RSC_OP_INTERVAL@NODE=RC",
            description = "Inject an operation result, e.g. rsc1_monitor_10000@node1=7.")
    List<String> opFail = new ArrayList<>();

    @Option(names = "--ticket-grant", paramLabel = "TICKET", description = "The ticket is granted to this site.")
    List<String> ticketGrant = new ArrayList<>();

    @Option(
            names = "--ticket-revoke",
            paramLabel = "TICKET",
            description = "The ticket is revoked (its loss-policy applies).")
    List<String> ticketRevoke = new ArrayList<>();

    @Option(
            names = "--ticket-standby",
            paramLabel = "TICKET",
            description = "The ticket is put in standby (what needs it stops or demotes).")
    List<String> ticketStandby = new ArrayList<>();

    @Option(names = "--ticket-activate", paramLabel = "TICKET", description = "The ticket leaves standby.")
    List<String> ticketActivate = new ArrayList<>();

    @Option(
            names = {"-t", "--set-datetime"},
            paramLabel = "DATETIME",
            description = "Evaluate date rules and failure-timeout as of this time (ISO 8601, e.g. 2005-020T12:30).")
    String dateTime;

    @Option(
            names = {"-s", "--show-scores"},
            description = "Print every resource's score on every node.")
    boolean showScores;

    @Option(names = "--explain", paramLabel = "RSC", description = "Explain why RSC is placed where it is.")
    List<String> explain = new ArrayList<>();

    @Option(
            names = {"-G", "--save-graph"},
            paramLabel = "FILE",
            description = "Write the transition graph as JSON.")
    Path saveGraph;

    @Option(
            names = "--rules-dir",
            paramLabel = "DIR",
            description = "Admin .drl rule files compiled with the built-in rules.")
    Path rulesDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Cib cib = load();
        warnAboutDanglingReferences(cib);
        Instant now = now(cib);
        cib = applyWhatIf(cib, now);
        PolicyRules rules = rules();
        Decision decision;
        try {
            decision = new PolicyEngine(rules, Clock.fixed(now, ZoneOffset.UTC)).decide(cib);
        } catch (io.hapc.engine.rules.RuleBoundsExceeded e) {
            throw new CommandFailure(
                    ExitCodes.ENGINE_FAILURE,
                    "the admin rules broke their bounds on " + (live ? "the live CIB" : xmlFile) + ": " + e.getMessage()
                            + " (in the cluster the DC would decide with the built-in rules alone; docs/RULES.md)",
                    e);
        } catch (RuntimeException e) {
            throw new CommandFailure(
                    ExitCodes.ENGINE_FAILURE,
                    "the policy engine failed on " + (live ? "the live CIB" : xmlFile) + ": " + e,
                    e);
        } catch (StackOverflowError e) {
            // The engine walks chains of constraints; one too long for the stack is an engine failure, not a crash.
            throw new CommandFailure(
                    ExitCodes.ENGINE_FAILURE,
                    "the policy engine failed on " + (live ? "the live CIB" : xmlFile)
                            + ": its constraints chain too deeply for the engine (stack exhausted); shorten the longest chain of "
                            + "colocation or order constraints",
                    e);
        }
        if (saveGraph != null) writeGraph(decision);
        if (read.json()) {
            out.println(SimulationJson.render(decision, explain));
            out.flush();
            return ExitCodes.OK;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Current cluster status:\n");
        sb.append(StatusFormatter.format(decision.cluster(), ClusterStates.current(decision.cluster()), Set.of()));
        if (dateTime == null && cib.executionDate().isPresent()) {
            sb.append("\nUsing the original execution date of: ").append(now).append('\n');
        }
        decision.derived()
                .warnings()
                .forEach(w -> sb.append("\nWarning: ").append(w.message()).append('\n'));
        if (showScores) sb.append('\n').append(ScoresTable.format(decision));
        sb.append("\nTransition Summary:\n");
        sb.append(SummaryFormatter.format(decision.transition().summary()));
        sb.append("\nRevised Cluster Status:\n");
        sb.append(StatusFormatter.format(
                decision.cluster(),
                ClusterStates.revised(decision.cluster(), decision.transition()),
                decision.transition().fencedNodes().keySet()));
        for (String rsc : explain) {
            try {
                sb.append('\n').append(ExplainFormatter.explain(decision, rsc));
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCodes.INVALID_INPUT, e.getMessage());
            }
        }
        out.print(sb);
        out.flush();
        return ExitCodes.OK;
    }

    private Cib load() {
        if (live == (xmlFile != null)) {
            throw new CommandFailure(
                    ExitCodes.USAGE, "name the CIB: either --xml-file CIB.xml or --live (the running cluster's)");
        }
        if (live) return read.daemon().fetch().cib();
        if (!Files.isReadable(xmlFile)) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, xmlFile + ": no such file or not readable");
        }
        try {
            Cib cib = CibXmlReader.read(xmlFile);
            List<String> unsafe = ControlCharacters.problems(cib);
            if (!unsafe.isEmpty())
                throw new CommandFailure(ExitCodes.INVALID_INPUT, xmlFile + ": " + String.join("; ", unsafe));
            return cib;
        } catch (CibFormatException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, e.getMessage()); // it names the file
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, xmlFile + ": cannot read: " + e.getMessage());
        }
    }

    /** As Pacemaker does, a constraint naming a missing resource is ignored, but never silently. */
    private void warnAboutDanglingReferences(Cib cib) {
        PrintWriter err = spec.commandLine().getErr();
        for (ConstraintReferences.Dangling d : ConstraintReferences.dangling(cib)) {
            err.println("warning: " + d.describe() + ": the constraint is ignored");
        }
        err.flush();
    }

    private Instant now(Cib cib) {
        try {
            if (dateTime != null) return PacemakerDates.parse(dateTime);
            return cib.executionDate().map(PacemakerDates::parse).orElseGet(Instant::now);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "--set-datetime: " + e.getMessage());
        }
    }

    private Cib applyWhatIf(Cib cib, Instant now) {
        try {
            for (String n : nodeUp) cib = WhatIf.nodeUp(cib, n);
            for (String n : nodeDown) cib = WhatIf.nodeDown(cib, n);
            for (String n : nodeFail) cib = WhatIf.nodeFail(cib, n);
            for (String n : standby) cib = WhatIf.standby(cib, n);
            for (String op : opFail) cib = WhatIf.injectOperation(cib, op, now);
            for (String t : ticketGrant) cib = WhatIf.ticket(cib, t, WhatIf.TicketChange.GRANT, now);
            for (String t : ticketRevoke) cib = WhatIf.ticket(cib, t, WhatIf.TicketChange.REVOKE, now);
            for (String t : ticketStandby) cib = WhatIf.ticket(cib, t, WhatIf.TicketChange.STANDBY, now);
            for (String t : ticketActivate) cib = WhatIf.ticket(cib, t, WhatIf.TicketChange.ACTIVATE, now);
            return cib;
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, e.getMessage());
        }
    }

    private PolicyRules rules() {
        if (rulesDir == null) return PolicyRules.builtIn();
        if (!Files.isDirectory(rulesDir)) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "--rules-dir " + rulesDir + ": not a directory");
        }
        try {
            return PolicyRules.withAdminRules(rulesDir);
        } catch (RuleCompilationException e) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "admin rule files rejected (the built-in rules are unchanged):\n" + e.getMessage());
        }
    }

    private void writeGraph(Decision decision) {
        try {
            Files.writeString(saveGraph, SimulationJson.graph(decision));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, "--save-graph " + saveGraph + ": " + e.getMessage());
        }
    }
}
