package io.computecluster.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * The {@code node} field of JSON lines, {@code host:port} of the node's cluster address, read when
 * the line is written: the port is known only once the node has bound it ({@link NodeLog}), and the
 * lines that waited for the log file are written after that. Lines written before (on the console)
 * have no such field.
 */
final class NodeJsonProvider extends AbstractJsonProvider<ILoggingEvent> {
    private static final String KEY = NodeJsonProvider.class.getName();

    /** A context's node address: held by its encoders themselves, so that it outlives the context's reset at exit. */
    static final class NodeAddress {
        private volatile String hostPort;

        void set(String hostPort) {
            this.hostPort = hostPort;
        }
    }

    private final NodeAddress address;

    NodeJsonProvider(NodeAddress address) {
        this.address = address;
    }

    /** The node address of {@code context}, the same object for all its encoders. */
    static NodeAddress addressOf(Context context) {
        synchronized (NodeAddress.class) {
            if (context.getObject(KEY) instanceof NodeAddress existing) {
                return existing;
            }
            NodeAddress created = new NodeAddress();
            context.putObject(KEY, created);
            return created;
        }
    }

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        String node = address.hostPort;
        if (node != null) {
            generator.writeStringField("node", node);
        }
    }
}
