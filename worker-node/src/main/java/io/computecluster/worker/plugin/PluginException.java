package io.computecluster.worker.plugin;

/** A plug-in jar that cannot be loaded; the message is one line saying why. */
public final class PluginException extends RuntimeException {
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
