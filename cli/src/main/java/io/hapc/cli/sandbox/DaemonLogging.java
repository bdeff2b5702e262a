package io.hapc.cli.sandbox;

import java.util.List;

/**
 * How daemons started by the CLI log: the CLI and the daemon share one lib directory with two
 * SLF4J providers (nop for the CLI, simple for daemons), so each process names its own.
 */
public final class DaemonLogging {
    public static final List<String> OPTIONS = List.of(
            "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
            "-Dslf4j.internal.verbosity=WARN",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.showShortLogName=true",
            "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper=warn",
            "-Dorg.slf4j.simpleLogger.log.org.apache.curator=warn",
            "-Dorg.slf4j.simpleLogger.log.org.drools=error",
            "-Dorg.slf4j.simpleLogger.log.org.kie=warn");

    private DaemonLogging() {}
}
