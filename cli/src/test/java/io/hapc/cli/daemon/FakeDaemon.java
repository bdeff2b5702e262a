package io.hapc.cli.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for hapcd on a Unix socket: records each request and answers it with `answer`. For CLI
 * tests of what commands send and print; real daemons are the end-to-end tests' business.
 */
public final class FakeDaemon implements AutoCloseable {
    private final ObjectMapper json = ProtocolJson.mapper();
    private final ServerSocketChannel server;
    private final Path socket;
    private final List<AdminRequest> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public FakeDaemon(Path dir, Function<AdminRequest, AdminReply> answer) throws IOException {
        socket = dir.resolve("hapcd.sock");
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(answer), "fake-hapcd");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Function<AdminRequest, AdminReply> answer) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                AdminRequest request = json.readValue(in.readLine(), AdminRequest.class);
                requests.add(request);
                AdminReply reply = answer.apply(request);
                if (reply == null) continue; // took the request, closes without answering (a daemon that died)
                OutputStream out = Channels.newOutputStream(ch);
                out.write(json.writeValueAsBytes(reply));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    public Path socket() {
        return socket;
    }

    public List<AdminRequest> requests() {
        return requests;
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5_000);
    }
}
