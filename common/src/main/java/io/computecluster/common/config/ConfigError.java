package io.computecluster.common.config;

/**
 * A configuration that cannot start a node. The message is one line naming the file (and line),
 * the key and what was expected, ready to print as it is.
 */
public final class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
