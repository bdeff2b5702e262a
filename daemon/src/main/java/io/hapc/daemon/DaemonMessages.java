package io.hapc.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.transport.Message;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Daemon messages as the transport carries them: JSON in a {@link Message} of type "hapcd". */
final class DaemonMessages {
    private static final Logger log = LoggerFactory.getLogger(DaemonMessages.class);
    private static final String MESSAGE_TYPE = "hapcd";

    private final String localNode;
    private final ObjectMapper json;

    DaemonMessages(String localNode, ObjectMapper json) {
        this.localNode = localNode;
        this.json = json;
    }

    /** Empty (logged) if `m` can not be encoded. */
    Optional<Message> encode(String node, DaemonMessage m) {
        try {
            return Optional.of(new Message(localNode, node, MESSAGE_TYPE, json.writeValueAsString(m)));
        } catch (IOException e) {
            log.error("cannot encode {}: {}", m.getClass().getSimpleName(), e.toString());
            return Optional.empty();
        }
    }
}
