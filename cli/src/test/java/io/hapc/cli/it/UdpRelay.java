package io.hapc.cli.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A real UDP relay on 127.0.0.1 in front of one node's heartbeat port: the peer sends to the relay,
 * the relay forwards to the node, so a test can cut the link (datagrams dropped) and heal it. The
 * transport accepts packets from any source address (authentication says who sent them).
 */
final class UdpRelay implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private volatile boolean cut;

    UdpRelay(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::relay, "udp-relay-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Drops every datagram from now on. */
    void cut() {
        cut = true;
    }

    void heal() {
        cut = false;
    }

    private void relay() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                socket.receive(in);
                if (cut) continue;
                socket.send(new DatagramPacket(in.getData(), in.getOffset(), in.getLength(), target));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
