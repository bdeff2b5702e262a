package io.hapc.daemon;

import io.hapc.agents.AgentPaths;
import io.hapc.agents.ClusterTools;
import io.hapc.agents.NodeIsolation;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.daemon.admin.AdminServer;
import io.hapc.daemon.config.DaemonConfig;
import io.hapc.daemon.config.RemoteAdminSettings;
import io.hapc.daemon.fencing.Fencer;
import io.hapc.daemon.lrm.ActionJournal;
import io.hapc.daemon.lrm.LocalResourceManager;
import io.hapc.daemon.metrics.DaemonMetrics;
import io.hapc.daemon.remote.AdminGate;
import io.hapc.daemon.remote.AuditLog;
import io.hapc.daemon.remote.PasswordStore;
import io.hapc.daemon.remote.RemoteAdminService;
import io.hapc.daemon.remote.TlsIdentity;
import io.hapc.daemon.remote.TokenStore;
import io.hapc.daemon.setup.BootService;
import io.hapc.daemon.setup.HostSetup;
import io.hapc.model.files.PrivateFiles;
import io.hapc.transport.ClusterTransport;
import io.hapc.transport.TransportException;
import io.hapc.transport.heartbeat.HeartbeatSettings;
import io.hapc.transport.heartbeat.Incarnations;
import io.hapc.transport.heartbeat.cluster.HeartbeatTransport;
import io.hapc.transport.heartbeat.cluster.HeartbeatTransportConfig;
import io.hapc.transport.heartbeat.crypto.AuthKey;
import io.hapc.transport.heartbeat.crypto.KeyRing;
import io.hapc.transport.heartbeat.liveness.MonotonicClock;
import io.hapc.transport.zookeeper.ClusterPathNotOwnedException;
import io.hapc.transport.zookeeper.EmbeddedZooKeeper;
import io.hapc.transport.zookeeper.EmbeddedZooKeeperConfig;
import io.hapc.transport.zookeeper.ZooKeeperTransport;
import io.hapc.transport.zookeeper.ZooKeeperTransportConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `hapcd`: the node daemon's entry point. Reads its settings, picks the transport (`transport =
 * zookeeper`, starting an embedded ZooKeeper when no ensemble is configured; or `heartbeat`, two nodes
 * over UDP), joins the cluster, serves the CLI's socket, and runs until told to leave
 * (`hapc cluster stop`, SIGTERM) — moving its resources off first.
 */
public final class Hapcd {
    private static final Logger log = LoggerFactory.getLogger(Hapcd.class);
    /**
     * hapcd's exit codes: 0 left cleanly, 2 bad settings, 5 the cluster's ZooKeeper path exists and is
     * not the cluster's (a restart does not help: see docs/ZOOKEEPER.md), 1 anything else (e.g.
     * ZooKeeper unreachable).
     */
    static final int EXIT_CLUSTER_PATH_NOT_OURS = 5;

    private Hapcd() {}

    public static void main(String[] args) throws Exception {
        String hostName = InetAddress.getLocalHost().getHostName();
        HostSetup setup;
        try {
            setup = new HostSetup(DaemonConfig.Args.parse(args), hostName, BootService.systemd(), Clock.systemUTC());
            if (!setup.configured() && setup.host().remoteAdmin().port().isEmpty()) {
                DaemonConfig.of(
                        setup.values(),
                        hostName); // no cluster and no admin service to receive one: says what is missing
            }
        } catch (IllegalArgumentException e) {
            System.err.println("hapcd: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(serve(setup, hostName));
    }

    /**
     * Runs in the cluster configured; without one, waits for it first (admin service and socket only,
     * as pcsd: `hapc cluster setup` pushes it, `hapc cluster start` starts it). A hapcd that waited
     * once goes back to waiting when `hapc cluster stop` stops it, so that `cluster start` and
     * `cluster destroy` reach it again; one started configured exits, as before (systemd's view).
     */
    static int serve(HostSetup setup, String hostName) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean terminating = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> terminating.set(true), "hapcd-terminating"));
        boolean waits = !setup.configured();
        while (true) {
            if (waits) waitForStart(setup);
            DaemonConfig config;
            try {
                config = DaemonConfig.of(setup.values(), hostName);
            } catch (IllegalArgumentException e) {
                System.err.println("hapcd: " + e.getMessage());
                return 2;
            }
            setup.running();
            int rc = run(config, setup);
            if (!waits || rc != 0 || terminating.get()) return rc;
            log.info("hapcd {} left its cluster: waiting for `hapc cluster start` again", config.nodeName());
        }
    }

    /** Serves the socket and the admin service of a hapcd that runs no cluster, until `cluster start` asks it to join one. */
    private static void waitForStart(HostSetup setup) throws Exception {
        DaemonConfig.HostOnly host = setup.host();
        PrivateFiles.directory(host.stateDir());
        PrivateFiles.directory(host.logDir());
        Clock clock = Clock.systemUTC();
        java.util.concurrent.CompletableFuture<Void> start = setup.waiting();
        ExecutorService workers = Executors.newCachedThreadPool(r -> thread(r, "hapcd-waiting"));
        PasswordStore passwords = new PasswordStore(host.stateDir());
        TokenStore tokens =
                new TokenStore(host.stateDir(), clock, host.remoteAdmin().tokenLifetime());
        AdminGate gate = new AdminGate(
                r -> java.util.concurrent.CompletableFuture.completedFuture(setup.whileWaiting(r)),
                passwords,
                tokens,
                new AuditLog(host.logDir(), clock),
                setup::handle);
        AdminServer admin = new AdminServer(host.socket(), workers, gate::handle);
        Optional<RemoteAdminService> remote = startRemoteAdmin(host, gate, passwords, tokens, clock);
        log.info(
                "hapcd {} waits for a cluster: `hapc cluster setup` then `hapc cluster start` through its admin service{}",
                host.nodeName(),
                remote.isEmpty() ? " (which did not start: see above)" : "");
        try {
            start.get();
        } finally {
            remote.ifPresent(RemoteAdminService::closeAfterReplies);
            admin.close();
            workers.shutdown();
            workers.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static int run(DaemonConfig config, HostSetup setup) throws Exception {
        setup.running();
        // A CIB copy and ZooKeeper's data hold fencing passwords; logs name what runs where: owner only.
        PrivateFiles.directory(config.stateDir());
        PrivateFiles.directory(config.logDir());
        // Agents append to HA_LOGFILE with the mode they find: create it private first.
        PrivateFiles.appendable(config.logDir().resolve("agents.log"));
        // Files an earlier version left readable by all.
        for (java.nio.file.Path earlier : java.util.List.of(
                config.stateDir().resolve("cib.xml"), config.logDir().resolve("actions.log"))) {
            if (Files.exists(earlier)) PrivateFiles.tighten(earlier);
        }
        Optional<EmbeddedZooKeeper> embedded = Optional.empty();
        ClusterTransport transport;
        Duration suspendGrace;
        Duration takeoverAfterSuspend;
        if (config.heartbeat().isPresent()) {
            HeartbeatSettings hb = config.heartbeat().get();
            KeyRing keys = KeyRing.single(
                    config.clusterName(), AuthKey.of(config.secret().getBytes(StandardCharsets.UTF_8)));
            long incarnation = Incarnations.next(config.stateDir().resolve("heartbeat-incarnation"), Clock.systemUTC());
            transport = new HeartbeatTransport(HeartbeatTransportConfig.of(
                    hb.endpointConfig(config.nodeName(), keys, incarnation, new MonotonicClock()), config.stateDir()));
            // SUSPENDED comes at warntime and ends at deadtime at the latest (the peer back, or declared dead and
            // this node alone with two_node quorum): a grace of deadtime never stops resources for a late peer.
            suspendGrace = hb.timings().deadtime();
            takeoverAfterSuspend = hb.timings().deadtime();
        } else {
            String connect;
            if (config.zookeeperConnect().isPresent()) {
                connect = config.zookeeperConnect().get();
            } else {
                EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(
                        EmbeddedZooKeeperConfig.of(config.embeddedZookeeperPort(), config.embeddedZookeeperDir()));
                embedded = Optional.of(zk);
                connect = zk.connectString();
                log.info("no ZooKeeper ensemble configured: embedded server on {}", connect);
            }
            transport = new ZooKeeperTransport(
                    ZooKeeperTransportConfig.of(connect, config.clusterName(), config.nodeName(), config.secret())
                            .withSessionTimeout(config.sessionTimeout())
                            .withConnectionTimeout(config.connectionTimeout()));
            // SUSPENDED comes at about 2/3 of the session timeout (the client's read timeout) and the
            // server may expire the session at 3/3, after which the others take over. Waiting 1/12 for
            // the link to come back leaves the last quarter of it for the stops.
            suspendGrace = config.sessionTimeout().dividedBy(12);
            takeoverAfterSuspend = config.sessionTimeout().dividedBy(3);
        }
        ScheduledExecutorService brain = new LoggingScheduler("hapcd-brain", 1);
        ExecutorService workers = Executors.newCachedThreadPool(r -> thread(r, "hapcd-worker"));
        ScheduledExecutorService monitors = new LoggingScheduler("hapcd-monitor", 2);
        AgentPaths paths = AgentPaths.system();
        NodeIsolation isolation = new NodeIsolation(
                config.nodeName(), config.rscTmp(), config.stateDir(), config.logDir(), config.networkNamespace());
        Files.createDirectories(config.rscTmp());
        ResourceAgentExecutor agents = new ResourceAgentExecutor(
                paths,
                isolation,
                ClusterTools.of(Optional.ofNullable(System.getProperty("hapc.home")), Hapcd.class, config.socket()));
        Clock clock = Clock.systemUTC();
        ActionJournal journal = new ActionJournal(config.logDir().resolve("actions.log"), config.nodeName(), clock);
        Engines engines = new Engines(clock);
        // The cut-off guard plans on an engine of its own: a plan made while the link is in doubt (a partition without
        // quorum) must neither wait for the DC's decision nor leave the DC's long-lived session on that other view,
        // which
        // made the next failover decision wait for it or pay for turning the session back (seen: 2 s at a takeover).
        Engines cutOffEngines = new Engines(clock);
        Fencer fencer = new Fencer(paths);
        AdminEdits edits = new AdminEdits(clock, agents, fencer);
        NodeDaemon.Parts parts = new NodeDaemon.Parts(
                config.nodeName(),
                config.clusterName(),
                transport,
                brain,
                workers,
                monitors,
                fencer,
                new CibFile(config.stateDir()),
                clock,
                config.joinTimeout(),
                suspendGrace,
                takeoverAfterSuspend,
                engines::decide,
                cutOffEngines::decide,
                edits::apply);
        DaemonMetrics metrics =
                DaemonMetrics.start(config, config.heartbeat().isPresent() ? "heartbeat" : "zookeeper", clock);
        metrics.watch(transport);
        NodeDaemon daemon = new NodeDaemon(
                parts,
                reporter -> new LocalResourceManager(
                        config.nodeName(), agents, fencer, workers, monitors, journal, reporter),
                metrics.observer());
        AuditLog audit = new AuditLog(config.logDir(), clock);
        PasswordStore passwords = new PasswordStore(config.stateDir());
        TokenStore tokens =
                new TokenStore(config.stateDir(), clock, config.remoteAdmin().tokenLifetime());
        AdminGate gate = new AdminGate(daemon::admin, passwords, tokens, audit, setup::handle);
        AdminServer admin = new AdminServer(config.socket(), workers, gate::handle);
        // Off the start's path: making a certificate takes seconds in a fresh JVM (0.4 s to load one),
        // and joining the cluster must not wait for the admin service.
        java.util.concurrent.CompletableFuture<Optional<RemoteAdminService>> remote =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> startRemoteAdmin(
                                new DaemonConfig.HostOnly(
                                        config.nodeName(),
                                        config.stateDir(),
                                        config.logDir(),
                                        config.socket(),
                                        config.remoteAdmin()),
                                gate,
                                passwords,
                                tokens,
                                clock),
                        workers);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (!daemon.ended()) {
                                log.info("SIGTERM: leaving the cluster");
                                daemon.requestShutdown();
                                try {
                                    daemon.awaitEnd();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        },
                        "hapcd-shutdown"));
        workers.execute(() -> {
            engines.warmUp(true);
            cutOffEngines.warmUp(false); // the JVM is warm by then: only its session
        });
        try {
            daemon.start();
        } catch (TransportException | RuntimeException e) {
            // Everything started so far is closed: its threads would otherwise keep this JVM alive, a hapcd
            // with a socket that answers and no cluster, which no service manager restarts (seen in the fault
            // campaign: a host booted by fencing while ZooKeeper restarted).
            log.error("{}", e.getMessage());
            System.err.println("hapcd: " + e.getMessage());
            daemon.close();
            admin.close();
            Futures.logFailure(
                    remote.thenAccept(r -> r.ifPresent(RemoteAdminService::close)), log, "closing the admin service");
            brain.shutdownNow();
            monitors.shutdownNow();
            workers.shutdownNow();
            embedded.ifPresent(EmbeddedZooKeeper::close);
            metrics.close();
            return e instanceof ClusterPathNotOwnedException ? EXIT_CLUSTER_PATH_NOT_OURS : 1;
        }
        log.info(
                "hapcd {} started (pid {}), socket {}",
                config.nodeName(),
                ProcessHandle.current().pid(),
                config.socket());
        daemon.awaitEnd();
        admin.close();
        Futures.logFailure(
                remote.thenAccept(r -> r.ifPresent(RemoteAdminService::close)), log, "closing the admin service");
        brain.shutdownNow();
        monitors.shutdownNow();
        workers.shutdownNow();
        embedded.ifPresent(EmbeddedZooKeeper::close);
        metrics.close();
        log.info("hapcd {} stopped", config.nodeName());
        return 0;
    }

    /**
     * The admin service, unless `admin.port=off`. A node whose service cannot start (port taken,
     * certificate unreadable) still runs its resources: the error is logged and local admin works.
     */
    private static Optional<RemoteAdminService> startRemoteAdmin(
            DaemonConfig.HostOnly config, AdminGate gate, PasswordStore passwords, TokenStore tokens, Clock clock) {
        RemoteAdminSettings settings = config.remoteAdmin();
        if (settings.port().isEmpty()) return Optional.empty();
        InetSocketAddress address = settings.bindAddress()
                .map(a -> new InetSocketAddress(a, settings.port().getAsInt()))
                .orElseGet(() -> new InetSocketAddress(settings.port().getAsInt()));
        try {
            long begin = System.nanoTime();
            TlsIdentity identity = TlsIdentity.loadOrCreate(config.stateDir(), config.nodeName(), clock);
            if (identity.created()) {
                log.info(
                        "admin service: new self-signed certificate in {} ms", (System.nanoTime() - begin) / 1_000_000);
            }
            RemoteAdminService service =
                    RemoteAdminService.start(address, identity, gate, passwords, tokens, config.nodeName());
            log.info(
                    "admin service on https://{}:{} (certificate SHA-256 {}), ready {} ms after its start",
                    service.address().getAddress().getHostAddress(),
                    service.address().getPort(),
                    identity.fingerprint(),
                    (System.nanoTime() - begin) / 1_000_000);
            return Optional.of(service);
        } catch (IOException | RuntimeException e) {
            log.error("admin service not started: {}", e.getMessage());
            System.err.println("hapcd: admin service not started: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
