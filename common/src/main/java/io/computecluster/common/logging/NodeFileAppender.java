package io.computecluster.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A node's rolling log file, {@code <directory>/<role>-<port>.log}, named after the cluster port
 * the node has bound, so that no port has to be known before it is bound: until {@link NodeLog}
 * opens it, lines wait in memory (the first {@value #MAX_WAITING}), and they are written first.
 * It rolls daily and at {@code maxFileSize}, compressed, keeping {@code maxHistory} days and at most
 * {@code totalSizeCap}. A JVM that is not a node (the command-line clients) never opens one, and
 * with {@code enabled} false (compute.log-files = off) none is opened, nor its folder made: the
 * console is the node's only log.
 */
public final class NodeFileAppender extends AppenderBase<ILoggingEvent> {
    /** Lines kept while the file is not open yet; a node logs a few dozen before it has bound its port. */
    static final int MAX_WAITING = 10_000;
    /** Where the context keeps its node file appender, for {@link NodeLog}. */
    static final String CONTEXT_KEY = NodeFileAppender.class.getName();

    private String directory = "logs";
    private String role = "node";
    private FileSize maxFileSize = FileSize.valueOf("50MB");
    private int maxHistory = 7;
    private FileSize totalSizeCap = FileSize.valueOf("500MB");
    private Encoder<ILoggingEvent> encoder;
    private boolean enabled = true;

    private final List<ILoggingEvent> waiting = new ArrayList<>();
    private int dropped;
    private RollingFileAppender<ILoggingEvent> file;
    private Path path;

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public void setMaxFileSize(FileSize maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    public void setMaxHistory(int maxHistory) {
        this.maxHistory = maxHistory;
    }

    public void setTotalSizeCap(FileSize totalSizeCap) {
        this.totalSizeCap = totalSizeCap;
    }

    /**
     * off (also false, no): no file, and no lines kept for one. A string, as compute.log-files is
     * written in the conf (logback itself reads only true and false).
     */
    public void setEnabled(String value) {
        this.enabled = !Set.of("off", "false", "no").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no <encoder> for the node's log file");
            return;
        }
        getContext().putObject(CONTEXT_KEY, this);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // AppenderBase.doAppend holds this appender's lock, as open() does.
        if (!enabled) {
            return;
        }
        if (file != null) {
            file.doAppend(event);
        } else if (waiting.size() < MAX_WAITING) {
            event.prepareForDeferredProcessing();
            waiting.add(event);
        } else {
            dropped++;
        }
    }

    /**
     * Opens the file of the node on cluster port {@code port} (again under the new name when the port
     * changes) and writes the lines that waited for it; returns its path, or null when log files
     * are off.
     */
    synchronized Path open(int port) {
        if (!enabled) {
            return null;
        }
        Path wanted = Path.of(directory, role + "-" + port + ".log");
        if (file != null && wanted.equals(path)) {
            return path;
        }
        if (file != null) {
            file.stop();
        }
        RollingFileAppender<ILoggingEvent> opened = new RollingFileAppender<>();
        opened.setContext(getContext());
        opened.setName(getName() + "-" + role + "-" + port);
        opened.setFile(wanted.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(getContext());
        policy.setParent(opened);
        policy.setFileNamePattern(Path.of(directory, role + "-" + port + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(maxFileSize);
        policy.setMaxHistory(maxHistory);
        policy.setTotalSizeCap(totalSizeCap);
        policy.start();
        opened.setRollingPolicy(policy);
        opened.setEncoder(encoder);
        opened.start();
        file = opened;
        path = wanted;
        if (dropped > 0) {
            addWarn(dropped + " log lines logged before the node's port was bound were not kept for " + wanted);
        }
        waiting.forEach(opened::doAppend);
        waiting.clear();
        dropped = 0;
        return wanted;
    }

    /** Lines waiting for the file to be opened. */
    synchronized int waitingLines() {
        return waiting.size();
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (file != null) {
                file.stop();
            }
            waiting.clear();
        }
        super.stop();
    }
}
