package io.hapc.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A listener that queues every event for the test to wait on, and checks on every callback what
 * the contract promises of all callbacks: one thread, never two at once, membership epochs that only
 * grow, non-empty leadership epochs that never go down, CIB revisions that only grow. Broken promises
 * are collected and reported by {@link #assertContractKept()}.
 */
public final class RecordingListener implements TransportListener {
    private final String node;
    private final BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
    private final BlockingQueue<Membership> memberships = new LinkedBlockingQueue<>();
    private final BlockingQueue<Optional<Leadership>> leaderships = new LinkedBlockingQueue<>();
    private final BlockingQueue<StoredCib> cibs = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    private final List<String> brokenPromises = new ArrayList<>();
    private final AtomicReference<Thread> callbackThread = new AtomicReference<>();
    private final AtomicInteger callbacksRunning = new AtomicInteger();
    // Written only on the callback thread (checked above), read by the test after the fact.
    private volatile long lastMembershipEpoch = -1;
    private volatile long lastLeadershipEpoch = -1;
    private volatile long lastCibRevision = -1;

    public RecordingListener(String node) {
        this.node = node;
    }

    @Override
    public void connectionStateChanged(ConnectionState state) {
        callback(() -> states.add(state));
    }

    @Override
    public void membershipChanged(Membership membership) {
        callback(() -> {
            if (membership.epoch() <= lastMembershipEpoch) {
                broken("membership epoch " + membership.epoch() + " after " + lastMembershipEpoch);
            }
            lastMembershipEpoch = membership.epoch();
            memberships.add(membership);
        });
    }

    @Override
    public void leadershipChanged(Optional<Leadership> leadership) {
        callback(() -> {
            leadership.ifPresent(l -> {
                if (l.epoch() < lastLeadershipEpoch) {
                    broken("leadership epoch " + l.epoch() + " after " + lastLeadershipEpoch);
                }
                lastLeadershipEpoch = l.epoch();
            });
            leaderships.add(leadership);
        });
    }

    @Override
    public void cibChanged(StoredCib cib) {
        callback(() -> {
            if (cib.revision() <= lastCibRevision) {
                broken("CIB revision " + cib.revision() + " after " + lastCibRevision);
            }
            lastCibRevision = cib.revision();
            cibs.add(cib);
        });
    }

    @Override
    public void messageReceived(Message message) {
        callback(() -> {
            if (!message.to().equals(node)) {
                broken("received a message addressed to " + message.to() + ": " + message);
            }
            messages.add(message);
        });
    }

    private void callback(Runnable record) {
        Thread current = Thread.currentThread();
        if (!callbackThread.compareAndSet(null, current) && callbackThread.get() != current) {
            broken("callback on thread " + current.getName() + ", earlier ones on "
                    + callbackThread.get().getName());
        }
        if (callbacksRunning.incrementAndGet() != 1) {
            broken("two callbacks at once");
        }
        try {
            record.run();
        } finally {
            callbacksRunning.decrementAndGet();
        }
    }

    private void broken(String promise) {
        synchronized (brokenPromises) {
            brokenPromises.add(node + ": " + promise);
        }
    }

    public void assertContractKept() {
        synchronized (brokenPromises) {
            if (!brokenPromises.isEmpty()) {
                fail("transport broke its listener contract: " + brokenPromises);
            }
        }
    }

    /** Waits for `expected`, skipping other states; fails after `timeout`. */
    public void awaitState(ConnectionState expected, Duration timeout) {
        await(states, s -> s == expected, timeout, "connection state " + expected);
    }

    /** The next connection state, whatever it is; fails after `timeout`. */
    public ConnectionState nextState(Duration timeout) {
        return await(states, s -> true, timeout, "connection state");
    }

    public Membership awaitMembership(Predicate<Membership> wanted, Duration timeout, String what) {
        return await(memberships, wanted, timeout, what);
    }

    public Optional<Leadership> awaitLeadership(Predicate<Optional<Leadership>> wanted, Duration timeout, String what) {
        return await(leaderships, wanted, timeout, what);
    }

    public StoredCib awaitCib(Predicate<StoredCib> wanted, Duration timeout, String what) {
        return await(cibs, wanted, timeout, what);
    }

    public Message nextMessage(Duration timeout) {
        return await(messages, m -> true, timeout, "a message");
    }

    /** Messages received and not yet taken by {@link #nextMessage}. */
    public List<Message> pendingMessages() {
        return List.copyOf(messages);
    }

    /** Connection states received and not yet taken by {@link #awaitState}. */
    public List<ConnectionState> pendingStates() {
        return List.copyOf(states);
    }

    private <T> T await(BlockingQueue<T> queue, Predicate<T> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> skipped = new ArrayList<>();
        try {
            while (true) {
                T event = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    return fail(node + ": no " + what + " within " + timeout + "; skipped " + skipped);
                }
                if (wanted.test(event)) {
                    return event;
                }
                skipped.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(node + ": interrupted waiting for " + what);
        }
    }
}
