package io.hapc.cli.host;

import io.hapc.admin.remote.RemoteAdminClient;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.util.Optional;

/** The channel to a node authenticated to with `hapc host auth` (`hapc --host NODE …`). */
public final class RemoteHosts {
    private RemoteHosts() {}

    public static RemoteAdminClient channel(String node) {
        KnownHosts hosts = HostCommand.knownHosts();
        KnownHosts.KnownHost h;
        try {
            h = hosts.get(node)
                    .orElseThrow(() -> new CommandFailure(
                            ExitCodes.INVALID_INPUT,
                            "not authenticated to " + node + ": run `hapc host auth " + node
                                    + "` (or NAME=ADDRESS:PORT) first"));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, e.getMessage(), e);
        }
        return new RemoteAdminClient(node, h.host(), h.port(), Optional.of(h.fingerprint()), Optional.of(h.token()));
    }
}
