package io.hapc.daemon.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether hapcd starts at boot: systemd's `hapcd.service`, where systemd runs. Where it does not
 * (a container, the sandbox), nothing can be enabled and the caller is told so.
 */
public interface BootService {
    /** Empty when it can act here; else why not, for the admin. */
    java.util.Optional<String> unavailableBecause();

    /** `systemctl enable|disable hapcd.service`: its exit code and output. */
    Result run(boolean enable) throws IOException, InterruptedException;

    record Result(int exitCode, String output) {}

    static BootService systemd() {
        return new BootService() {
            @Override
            public java.util.Optional<String> unavailableBecause() {
                return Files.isDirectory(Path.of("/run/systemd/system"))
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(
                                "systemd does not run here (no /run/systemd/system), so nothing starts hapcd at boot: "
                                        + "start it yourself (hapcd --config FILE) or from whatever supervises it");
            }

            @Override
            public Result run(boolean enable) throws IOException, InterruptedException {
                Process p = new ProcessBuilder("systemctl", enable ? "enable" : "disable", "hapcd.service")
                        .redirectErrorStream(true)
                        .start();
                String out =
                        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
                return new Result(p.waitFor(), out);
            }
        };
    }
}
