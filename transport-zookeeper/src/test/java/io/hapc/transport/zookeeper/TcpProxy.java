package io.hapc.transport.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 between one node and its ZooKeeper server, that a test can cut and
 * restore: a real network between them. Cut is a silent partition: bytes are dropped both ways,
 * sockets stay open, new connections are accepted and then ignored, so both ends find out only by
 * their own timeouts. Restore closes every connection the cut broke (their byte streams lost data)
 * and forwards new ones again. {@link #reset} instead closes all connections at once (a connection
 * reset, not a partition).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    /** One client connection and, unless it came during a cut, its connection to the target. */
    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean broken;

        Link(Socket client, Socket server, boolean broken) {
            this.client = client;
            this.server = server;
            this.broken = broken;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    static TcpProxy start(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        TcpProxy proxy = new TcpProxy(new ServerSocket(0, 50, loopback), new InetSocketAddress(loopback, targetPort));
        thread("proxy-accept-" + proxy.port(), proxy::acceptLoop).start();
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    String connectString() {
        return "127.0.0.1:" + port();
    }

    void cut() {
        cut = true;
        for (Link link : links) {
            link.broken = true;
        }
    }

    void restore() {
        cut = false;
        for (Link link : links) {
            if (link.broken) {
                links.remove(link);
                link.close();
            }
        }
    }

    /** Closes every open connection now; new ones are forwarded as before. */
    void reset() {
        for (Link link : links) {
            links.remove(link);
            link.close();
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        reset();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                if (cut) {
                    Link held = new Link(client, null, true);
                    links.add(held);
                    thread("proxy-held", () -> pump(held, client, null)).start();
                } else {
                    Socket server = new Socket();
                    server.connect(target, 2_000);
                    Link link = new Link(client, server, false);
                    links.add(link);
                    thread("proxy-up", () -> pump(link, client, server)).start();
                    thread("proxy-down", () -> pump(link, server, client)).start();
                }
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies `from` to `to` while the link is whole; drops the bytes once it is broken. */
    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to == null ? null : to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!link.broken && out != null) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closed from either side
        }
        // An end that closes on a whole link closes the other end too; a broken link stays silent.
        if (!link.broken) {
            links.remove(link);
            link.close();
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
