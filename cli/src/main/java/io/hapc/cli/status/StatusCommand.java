package io.hapc.cli.status;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.daemon.Json;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `hapc status [--full] [--output json]`: the cluster as the daemon's CIB has it, in pcs status's layout. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the cluster: DC and quorum, nodes, resources, warnings.",
            "--output json prints {\"dc\", \"quorate\", \"nodes\": [...], \"resources\": [...]} (a contract for scripts)."
        })
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Option(names = "--full", description = "Also node attributes, fail counts and failed operations.")
    boolean full;

    @Option(
            names = "--availability",
            description = {
                "Instead: per resource, the availability this node measured over 1 h, "
                        + "24 h and 30 d, as nines and downtime per year at the 30-day rate."
            })
    boolean availability;

    @Override
    public Integer call() {
        if (availability) return availability();
        DaemonOptions daemon = read.daemon();
        DaemonOptions.Snapshot s = daemon.fetch();
        Instant now = Instant.now();
        ClusterView view = ClusterUnpacker.unpack(s.cib(), now);
        List<String> ruleWarnings = daemon.warnings(); // from the DC: status runs no rules
        PrintWriter out = read.out();
        if (read.json()) {
            Json.print(out, StatusJson.report(s.cib(), view, s.dcName(), ruleWarnings));
        } else {
            AdminReply info = daemon.call(new AdminRequest.DaemonInfo());
            out.print(StatusText.render(s.cib(), view, s.dcName(), full, ruleWarnings, info.message()));
            out.print(daemonStatus(info));
            out.flush();
        }
        return 0;
    }

    private Integer availability() {
        AdminReply r = read.daemon().call(new AdminRequest.GetAvailability());
        if (!r.ok())
            throw new io.hapc.cli.ExitCodes.CommandFailure(
                    r.exitCode() == 0 ? io.hapc.cli.ExitCodes.UNEXPECTED : r.exitCode(), r.message());
        AvailabilityReport.Report report;
        try {
            report = AvailabilityReport.parse(r.message());
        } catch (IOException e) {
            throw new io.hapc.cli.ExitCodes.CommandFailure(
                    io.hapc.cli.ExitCodes.SYSTEM_FAILURE,
                    "hapcd sent availability hapc cannot read: " + e.getMessage(),
                    e);
        }
        PrintWriter out = read.out();
        if (read.json()) {
            Json.print(out, AvailabilityReport.json(report));
        } else {
            out.print(AvailabilityReport.text(report));
            out.flush();
        }
        return 0;
    }

    /** pcs status's last section: the daemon that answered, and systemd's view of it where systemd runs. */
    private String daemonStatus(AdminReply info) {
        StringBuilder sb = new StringBuilder("\nDaemon Status:\n  hapcd");
        info.node().ifPresent(n -> sb.append(" on ").append(n));
        sb.append(": running").append(info.pid().map(p -> " (pid " + p + ")").orElse(""));
        info.connection().ifPresent(c -> sb.append(", cluster connection ").append(c));
        systemdState().ifPresent(st -> sb.append(", systemd ").append(st));
        return sb.append('\n').toString();
    }

    /** "active/enabled" as pcs shows it, when this machine runs systemd and has the hapcd unit. */
    private static Optional<String> systemdState() {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) return Optional.empty();
        try {
            String active = systemctl("is-active");
            String enabled = systemctl("is-enabled");
            return enabled.isEmpty() || enabled.equals("not-found")
                    ? Optional.empty()
                    : Optional.of(active + "/" + enabled);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String systemctl(String verb) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("systemctl", verb, "hapcd.service")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }
}
