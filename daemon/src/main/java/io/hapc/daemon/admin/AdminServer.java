package io.hapc.daemon.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.daemon.remote.Caller;
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
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI's way in: a Unix domain socket readable and writable by its owner (root) and the
 * `haclient` group only. One JSON request line in, one JSON reply line out, per connection.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    public static final String ADMIN_GROUP = "haclient";
    private static final long REPLY_TIMEOUT_S = 120;

    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService workers;
    private final BiFunction<AdminRequest, Caller, CompletableFuture<AdminReply>> handler;
    private final ObjectMapper json = ProtocolJson.mapper();
    private final Thread acceptor;

    public AdminServer(
            Path socket,
            ExecutorService workers,
            BiFunction<AdminRequest, Caller, CompletableFuture<AdminReply>> handler)
            throws IOException {
        this.socket = socket;
        this.workers = workers;
        this.handler = handler;
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket); // a socket left by a daemon that died
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        restrict(socket);
        acceptor = new Thread(this::acceptLoop, "hapcd-admin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void restrict(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        try {
            GroupPrincipal group =
                    socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(ADMIN_GROUP);
            Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
            log.info("no '{}' group on this machine: {} is for its owner only", ADMIN_GROUP, socket);
        } catch (java.nio.file.FileSystemException e) {
            // a user who is not in the group may not hand the socket to it (EPERM): a hapcd of one's own, e.g. a
            // sandbox started without root, still serves its owner
            log.info("cannot give {} to group '{}' ({}): it is for its owner only", socket, ADMIN_GROUP, e.getReason());
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                workers.execute(() -> serve(ch));
            } catch (IOException e) {
                if (server.isOpen()) log.warn("admin socket: {}", e.toString());
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) return;
            AdminReply reply;
            try {
                AdminRequest request = json.readValue(line, AdminRequest.class);
                reply = handler.apply(request, caller(ch)).get(REPLY_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                reply = AdminReply.failure(3, "unreadable request: " + e.getOriginalMessage());
            } catch (java.util.concurrent.TimeoutException e) {
                reply = AdminReply.failure(5, "no answer within " + REPLY_TIMEOUT_S + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                reply = AdminReply.failure(5, String.valueOf(e.getCause().getMessage()));
            }
            OutputStream out = Channels.newOutputStream(ch);
            out.write(json.writeValueAsBytes(reply));
            out.write('\n');
            out.flush();
        } catch (IOException | InterruptedException e) {
            log.debug("admin connection: {}", e.toString());
        }
    }

    /** Who is connected, from the socket's peer credentials (SO_PEERCRED): the audit log's "who". */
    private static Caller caller(SocketChannel ch) {
        try {
            jdk.net.UnixDomainPrincipal peer = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return Caller.local(peer.user().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Caller.local("unknown (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.debug("closing admin socket: {}", e.toString());
        }
    }
}
