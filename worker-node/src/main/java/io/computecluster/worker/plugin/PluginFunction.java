package io.computecluster.worker.plugin;

import io.computecluster.common.column.PayloadType;

/** A function a plug-in offers: its name and version, and the payload types it takes and gives. */
public record PluginFunction(Plugin plugin, String name, String version, PayloadType input, PayloadType output) {

    /** {@code name@version}, as a job's FunctionCall names it. */
    public String key() {
        return name + "@" + version;
    }
}
