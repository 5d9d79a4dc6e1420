package io.computecluster.master.function;

import io.computecluster.common.column.PayloadType;
import io.computecluster.master.serialization.CborSerializable;
import java.util.List;

/**
 * One version of a function as workers offered it: its payload types and the worker nodes
 * ({@code host:port}) that offer it now, none when it was offered before but no live worker does.
 */
public record FunctionInfo(String name, String version, PayloadType input, PayloadType output, List<String> nodes)
        implements CborSerializable {

    public String key() {
        return name + "@" + version;
    }
}
