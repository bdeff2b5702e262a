package io.hapc.transport.heartbeat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One direction of a network between two endpoints on loopback: a real UDP socket that forwards what it
 * receives to a target, unless cut (then it swallows everything, as a dead switch does). It keeps what
 * passed so a test can send it again (replay) or look at it.
 */
final class UdpRelay implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;
    private volatile InetSocketAddress target;
    private volatile boolean cut;
    private volatile int dropEvery; // 0: none
    private volatile boolean holding;
    private final List<byte[]> held = new ArrayList<>();
    private long count;
    private volatile long lost;
    private final List<byte[]> passed = new ArrayList<>();

    UdpRelay(InetAddress address) throws IOException {
        channel = DatagramChannel.open(
                address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(address, 0));
        thread = new Thread(this::run, "relay-" + address());
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void forwardTo(InetSocketAddress target) {
        this.target = target;
    }

    void cut(boolean cut) {
        this.cut = cut;
    }

    /** Loses every n-th datagram (0: none), as a flaky network does. */
    void dropEvery(int n) {
        this.dropEvery = n;
    }

    /** Keeps what arrives instead of forwarding it, as someone on the path who holds packets back. */
    void hold() {
        holding = true;
    }

    /** Forwards everything held, in order, at once, and forwards as usual again; returns how many. */
    int release() throws IOException {
        List<byte[]> out;
        synchronized (this) {
            holding = false;
            out = new ArrayList<>(held);
            held.clear();
        }
        for (byte[] d : out) channel.send(ByteBuffer.wrap(d), target);
        return out.size();
    }

    /** Datagrams lost on purpose by {@link #dropEvery}. */
    long lost() {
        return lost;
    }

    synchronized List<byte[]> passed() {
        return new ArrayList<>(passed);
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        while (true) {
            buf.clear();
            try {
                channel.receive(buf);
                buf.flip();
                InetSocketAddress to = target;
                if (cut || to == null) continue;
                if (holding) {
                    byte[] keep = new byte[buf.remaining()];
                    buf.get(keep);
                    synchronized (this) {
                        if (holding) {
                            held.add(keep);
                            continue;
                        }
                    }
                    buf.rewind();
                }
                int n = dropEvery;
                if (n > 0 && ++count % n == 0) {
                    lost++; // one thread writes
                    continue;
                }
                byte[] copy = new byte[buf.remaining()];
                buf.get(copy);
                synchronized (this) {
                    if (passed.size() < 10_000) passed.add(copy);
                }
                channel.send(ByteBuffer.wrap(copy), to);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // an ICMP error of an earlier send (the endpoint closed): keep relaying
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
