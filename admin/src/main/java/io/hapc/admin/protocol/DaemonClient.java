package io.hapc.admin.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Talks to one local hapcd over its Unix domain socket: one JSON request line, one JSON reply line. */
public final class DaemonClient implements AdminChannel {
    private final Path socket;
    private final ObjectMapper json = ProtocolJson.mapper();

    public DaemonClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    @Override
    public String describe() {
        return "hapcd at " + socket;
    }

    private NoReplyException noReply(IOException cause) {
        return new NoReplyException(
                "hapcd at " + socket + " took the request but closed the connection before it answered"
                        + " (it stopped, or its host went down, meanwhile)",
                cause);
    }

    @Override
    public AdminReply call(AdminRequest request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            out.write(json.writeValueAsBytes(request));
            out.write('\n');
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw noReply(e);
            }
            if (line == null) throw noReply(null);
            return json.readValue(line, AdminReply.class);
        }
    }
}
