package io.hapc.transport.zookeeper;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded server's data private: the data dir and its {@code version-2} directory are
 * 0700 (so nobody else can even open what is inside), and the snapshots and transaction logs
 * ZooKeeper creates there with the process's umask are made 0600 as they appear. ZooKeeper has no
 * setting for the mode of its files, and a Java process can not change its umask.
 */
final class PrivateDataDir implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrivateDataDir.class);

    private final Path files;
    private final WatchService watcher;
    private final Thread thread;

    private PrivateDataDir(Path files, WatchService watcher) {
        this.files = files;
        this.watcher = watcher;
        this.thread = new Thread(this::watch, "hapc-zk-private-files");
        thread.setDaemon(true);
    }

    /** Prepares `dataDir` (0700, what is there made private) and watches for new files; before ZooKeeper opens it. */
    static PrivateDataDir open(Path dataDir) throws IOException {
        PrivateFiles.directory(dataDir);
        Path files = PrivateFiles.directory(dataDir.resolve(FileTxnSnapLog.version + FileTxnSnapLog.VERSION));
        PrivateFiles.tightenTree(dataDir);
        WatchService watcher = FileSystems.getDefault().newWatchService();
        files.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        PrivateDataDir dir = new PrivateDataDir(files, watcher);
        dir.thread.start();
        return dir;
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        tightenAll();
                    } else {
                        tighten(files.resolve((Path) event.context()));
                    }
                }
                if (!key.reset()) return;
            }
        } catch (InterruptedException | ClosedWatchServiceException closed) {
            // closing
        }
    }

    private void tighten(Path file) {
        try {
            PrivateFiles.tighten(file);
        } catch (java.nio.file.NoSuchFileException gone) {
            // ZooKeeper removed it (a pre-allocated log replaced)
        } catch (IOException e) {
            log.warn("could not make {} private: {}", file, e.toString());
        }
    }

    private void tightenAll() {
        try {
            PrivateFiles.tightenTree(files);
        } catch (IOException e) {
            log.warn("could not make {} private: {}", files, e.toString());
        }
    }

    /** Stops watching; what ZooKeeper wrote last is made private too. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to watch
        }
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tightenAll();
    }
}
