package io.hapc.transport.zookeeper;

import io.hapc.transport.Message;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point-to-point messages as znodes: each node's inbox holds sequential znodes, written by the
 * senders, read in sequence order and deleted by the owner. Messages left from an earlier life of
 * this node are discarded, never delivered.
 */
final class MessageZnodes {
    private static final Logger log = LoggerFactory.getLogger(MessageZnodes.class);

    private final ZooKeeperTransportConfig config;
    private final String localNode;
    private final ZnodePaths paths;
    private final ZnodeCodec codec;
    private final CuratorFramework client;
    /** Sequence number of the last message taken from the inbox in this life; store thread only. */
    private long lastInboxSequence = -1;

    MessageZnodes(ZooKeeperTransportConfig config, ZnodePaths paths, ZnodeCodec codec, CuratorFramework client) {
        this.config = config;
        this.localNode = config.nodeName();
        this.paths = paths;
        this.codec = codec;
        this.client = client;
    }

    boolean canCarry(Message message) {
        return message != null && codec.encodeMessage(message).length <= config.maxZnodeBytes();
    }

    /** Outbox thread: writes one message into its recipient's inbox; failures are logged and the message dropped. */
    void write(Message message) {
        try {
            byte[] data = codec.encodeMessage(message);
            if (data.length > config.maxZnodeBytes()) {
                log.warn(
                        "{}: a {} message to {} is {} bytes, over the {} bytes a znode may hold; dropped",
                        localNode,
                        message.type(),
                        message.to(),
                        data.length,
                        config.maxZnodeBytes());
                return;
            }
            // Protected: a create retried after a connection loss finds its first try instead of adding a duplicate.
            client.create()
                    .creatingParentsIfNeeded()
                    .withProtection()
                    .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(paths.messagePrefix(message.to()), data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{}: interrupted sending a {} message to {}; dropped", localNode, message.type(), message.to());
        } catch (Exception e) {
            log.warn(
                    "{}: could not send a {} message to {}; dropped: {}",
                    localNode,
                    message.type(),
                    message.to(),
                    e.toString());
        }
    }

    /** Delivers the inbox's messages in sequence order, each once, deleting each after handing it over. */
    void drainInbox(CuratorFramework watching, Watcher inboxWatcher, Consumer<Message> deliver) throws Exception {
        String inbox = paths.inbox(localNode);
        List<String> names = watching.getChildren().usingWatcher(inboxWatcher).forPath(inbox);
        List<String> inOrder = names.stream()
                .filter(MessageZnodes::isSequential)
                .sorted(Comparator.comparingLong(MessageZnodes::sequenceOf))
                .toList();
        for (String name : inOrder) {
            String path = inbox + "/" + name;
            long sequence = sequenceOf(name);
            if (sequence > lastInboxSequence) {
                byte[] data;
                try {
                    data = client.getData().forPath(path);
                } catch (KeeperException.NoNodeException gone) {
                    continue;
                }
                lastInboxSequence = sequence;
                try {
                    Message message = codec.decodeMessage(data);
                    deliver.accept(message);
                } catch (RuntimeException e) {
                    log.warn("{}: dropped an unreadable message {}: {}", localNode, name, e.getMessage());
                }
            }
            deleteIfPresent(path);
        }
    }

    void discardMessagesOfEarlierLives() throws Exception {
        String inbox = paths.inbox(localNode);
        List<String> left = client.getChildren().forPath(inbox);
        for (String name : left) {
            deleteIfPresent(inbox + "/" + name);
        }
        if (!left.isEmpty()) {
            log.info("{}: discarded {} message(s) sent to an earlier life of this node", localNode, left.size());
        }
    }

    private void deleteIfPresent(String path) throws Exception {
        try {
            client.delete().forPath(path);
        } catch (KeeperException.NoNodeException already) {
            // deleted by an earlier attempt
        }
    }

    /** Sequential znode names end in ZooKeeper's ten-digit counter. */
    private static boolean isSequential(String name) {
        return name.length() >= 10 && name.substring(name.length() - 10).chars().allMatch(Character::isDigit);
    }

    private static long sequenceOf(String name) {
        return Long.parseLong(name.substring(name.length() - 10));
    }
}
