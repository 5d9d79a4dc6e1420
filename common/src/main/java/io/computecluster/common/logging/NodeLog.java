package io.computecluster.common.logging;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Tells logging which node this JVM is, once it has bound its cluster port: JSON lines get the
 * {@code node} field ({@code host:port}) and the node's log file ({@link NodeFileAppender}) is
 * opened under the port's name, with the lines that waited for it first.
 */
public final class NodeLog {
    private NodeLog() {
    }

    /**
     * This node is {@code host:port}; returns its log file, when logging has one (conf/logback.xml,
     * with compute.log-files on).
     */
    public static Optional<Path> bound(String host, int port) {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                ? bound(context, host, port) : Optional.empty();
    }

    static Optional<Path> bound(LoggerContext context, String host, int port) {
        NodeJsonProvider.addressOf(context).set(host + ":" + port);
        return context.getObject(NodeFileAppender.CONTEXT_KEY) instanceof NodeFileAppender appender
                ? Optional.ofNullable(appender.open(port)) : Optional.empty();
    }
}
