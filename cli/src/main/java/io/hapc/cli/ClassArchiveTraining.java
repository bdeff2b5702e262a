package io.hapc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The training run bin/hapc records its class archive from (once per build): the commands people
 * run most, each as it really runs — help, simulate, and status/config against a stand-in daemon
 * on a private socket that answers with the example CIB — so every later run maps those classes
 * instead of loading them. Output is discarded.
 * Usage: ClassArchiveTraining EXAMPLE_CIB.xml
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {}

    public static void main(String[] args) throws Exception {
        Path example = Path.of(args[0]);
        String cibXml = Files.readString(example);
        Path dir = Files.createTempDirectory("hapc-cds-");
        Path socket = dir.resolve("hapcd.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread daemon = new Thread(() -> answer(server, cibXml), "stand-in daemon");
            daemon.setDaemon(true);
            daemon.start();
            List<List<String>> runs = List.of(
                    List.of("--help"),
                    List.of("status", "--help"),
                    List.of("--socket", socket.toString(), "status"),
                    List.of("--socket", socket.toString(), "status", "--full"),
                    List.of("--socket", socket.toString(), "status", "--output", "json"),
                    List.of("--socket", socket.toString(), "config"),
                    List.of("--socket", socket.toString(), "resource", "config"),
                    List.of("--socket", socket.toString(), "resource", "status"),
                    List.of("--socket", socket.toString(), "constraint", "list"),
                    List.of("--socket", socket.toString(), "property", "show"),
                    List.of(
                            "simulate",
                            "--xml-file",
                            example.toString(),
                            "--node-fail",
                            "node1",
                            "--explain",
                            "WebSite"));
            for (List<String> run : runs) {
                String[] a = run.toArray(String[]::new);
                PrintWriter sink = new PrintWriter(new StringWriter());
                HapcCommand.commandLineFor(a).setOut(sink).setErr(sink).execute(a);
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** Every request gets the example CIB, as a daemon's get-cib reply. */
    private static void answer(ServerSocketChannel server, String cibXml) {
        ObjectMapper json = ProtocolJson.mapper();
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                in.readLine();
                AdminReply reply = AdminReply.success("").withCib(cibXml, Optional.of("node1"));
                OutputStream out = Channels.newOutputStream(ch);
                out.write(json.writeValueAsBytes(reply));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                return;
            }
        }
    }
}
