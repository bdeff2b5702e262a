package io.hapc.daemon;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.transport.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Admin requests a node that is not the DC forwards to the DC, and the DC's answers back: each
 * request waits for its answer, at most {@link #FORWARD_TIMEOUT}, and fails at once if the DC changes.
 */
final class AdminForwarding {
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(90);

    private final NodeDaemon.Parts parts;
    private final DaemonMessages messages;
    /** Runs a task on the brain after a delay. */
    private final BiConsumer<Duration, Runnable> later;

    private final Map<String, CompletableFuture<AdminReply>> forwarded = new ConcurrentHashMap<>();

    AdminForwarding(NodeDaemon.Parts parts, DaemonMessages messages, BiConsumer<Duration, Runnable> later) {
        this.parts = parts;
        this.messages = messages;
        this.later = later;
    }

    /** Sends `request` to the DC `dcName`; `reply` completes with its answer, or a failure. */
    void forward(String dcName, AdminRequest request, CompletableFuture<AdminReply> reply) {
        String id = UUID.randomUUID().toString();
        Optional<Message> forward = messages.encode(dcName, new DaemonMessage.AdminForward(id, parts.node(), request));
        if (forward.isEmpty() || !parts.transport().canCarry(forward.get())) {
            // Dropped on the way, it would leave the admin waiting for an answer that can not come.
            reply.complete(AdminReply.failure(
                    3,
                    "the request is too large to forward to the DC " + dcName
                            + " through the cluster; make it smaller, or run it on " + dcName));
            return;
        }
        forwarded.put(id, reply);
        parts.transport().send(forward.get());
        later.accept(FORWARD_TIMEOUT, () -> {
            CompletableFuture<AdminReply> f = forwarded.remove(id);
            if (f != null)
                f.complete(AdminReply.failure(
                        5,
                        "no answer from the DC " + dcName + " within " + FORWARD_TIMEOUT.toSeconds() + " s"
                                + OUTCOME_UNKNOWN));
        });
    }

    /** The DC answered a forwarded request. */
    void answered(String id, AdminReply reply) {
        CompletableFuture<AdminReply> f = forwarded.remove(id);
        if (f != null) f.complete(reply);
    }

    /**
     * The old DC may have stored the change before it went (a new DC's epoch then refuses only what comes after):
     * "try again" alone would have an admin make it twice, or think it was not made.
     */
    static final String OUTCOME_UNKNOWN =
            ": the change may or may not have been made; look (`hapc config`, `hapc status`) before trying again";

    /** Answers owed by a DC that is gone will never come. */
    void dcGone() {
        forwarded.forEach(
                (id, f) -> f.complete(AdminReply.failure(5, "the DC changed before it answered" + OUTCOME_UNKNOWN)));
        forwarded.clear();
    }

    /**
     * The DC's answer to a request another node forwarded: always sent, so the admin never waits for
     * one that was dropped. A CIB too large to travel is left out (the CLI does not need it with an
     * edit's answer); what still can not travel is said in a few words.
     */
    void answer(String to, String id, AdminReply reply) {
        List<AdminReply> candidates = List.of(
                reply,
                new AdminReply(
                        reply.ok(),
                        reply.exitCode(),
                        reply.message(),
                        Optional.empty(),
                        reply.dc(),
                        reply.node(),
                        reply.pid(),
                        reply.connection()),
                new AdminReply(
                        reply.ok(),
                        reply.exitCode(),
                        String.valueOf(reply.message())
                                        .substring(
                                                0,
                                                Math.min(
                                                        String.valueOf(reply.message())
                                                                .length(),
                                                        4096))
                                + "\n(the DC's answer was too long to send back through the cluster: shortened; run the command on the DC "
                                + parts.node() + " for all of it)",
                        Optional.empty(),
                        reply.dc(),
                        reply.node(),
                        reply.pid(),
                        reply.connection()));
        for (AdminReply candidate : candidates) {
            Optional<Message> answer = messages.encode(to, new DaemonMessage.AdminAnswer(id, candidate));
            if (answer.isPresent() && parts.transport().canCarry(answer.get())) {
                parts.transport().send(answer.get());
                return;
            }
        }
    }
}
