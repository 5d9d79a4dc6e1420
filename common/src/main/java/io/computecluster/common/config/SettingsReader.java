package io.computecluster.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.time.Duration;

/**
 * Typed, validated reads from a loaded config. Every failure becomes a {@link ConfigError} whose
 * one line names where the value came from, the key, what was expected and what was found.
 */
public final class SettingsReader {
    private final Config config;

    public SettingsReader(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    public String string(String key) {
        try {
            String value = config.getString(key);
            if (value.isBlank()) {
                throw error(key, "a non-empty string", "an empty string");
            }
            return value;
        } catch (ConfigException e) {
            throw error(key, "a string", e);
        }
    }

    public int intBetween(String key, int min, int max) {
        int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException e) {
            throw error(key, "an integer from " + min + " to " + max, e);
        }
        if (value < min || value > max) {
            throw error(key, "an integer from " + min + " to " + max, String.valueOf(value));
        }
        return value;
    }

    public long longBetween(String key, long min, long max) {
        long value;
        try {
            value = config.getLong(key);
        } catch (ConfigException e) {
            throw error(key, "an integer from " + min + " to " + max, e);
        }
        if (value < min || value > max) {
            throw error(key, "an integer from " + min + " to " + max, String.valueOf(value));
        }
        return value;
    }

    /** on/off (also true/false, yes/no). */
    public boolean onOff(String key) {
        try {
            return config.getBoolean(key);
        } catch (ConfigException e) {
            throw error(key, "on or off", e);
        }
    }

    public int port(String key) {
        return intBetween(key, 0, 65535);
    }

    public long bytes(String key, long min) {
        long value;
        try {
            value = config.getBytes(key);
        } catch (ConfigException e) {
            throw error(key, "a size such as 64 MiB", e);
        }
        if (value < min) {
            throw error(key, "a size of at least " + min + " bytes", String.valueOf(value));
        }
        return value;
    }

    public Duration positiveDuration(String key) {
        Duration value;
        try {
            value = config.getDuration(key);
        } catch (ConfigException e) {
            throw error(key, "a duration such as 5s or 200ms", e);
        }
        if (value.isNegative() || value.isZero()) {
            throw error(key, "a positive duration", value.toString());
        }
        return value;
    }

    /**
     * Whether {@code key} was given for this start, on the command line, as a {@code -D} system
     * property or through an environment variable the conf names, rather than by a conf file or the
     * built-in defaults.
     */
    public boolean givenAtStart(String key) {
        if (!config.hasPath(key)) {
            return false;
        }
        String origin = config.getValue(key).origin().description();
        return origin.startsWith(ConfigLoader.COMMAND_LINE) || origin.startsWith("system properties")
                || origin.startsWith("env variables");
    }

    /** Where {@code key} was set, as {@code file:line}, or what set it (a system property, the defaults). */
    public String originOf(String key) {
        ConfigValue value = config.hasPathOrNull(key) ? config.getValue(key) : null;
        return value == null ? "config" : describe(value.origin());
    }

    public ConfigError error(String key, String expected, String found) {
        return new ConfigError(originOf(key) + ": " + key + ": expected " + expected + ", got " + found);
    }

    private ConfigError error(String key, String expected, ConfigException cause) {
        if (cause instanceof ConfigException.Missing) {
            return new ConfigError("config: " + key + ": missing, expected " + expected, cause);
        }
        String found = config.hasPathOrNull(key) ? config.getValue(key).render() : "nothing";
        return new ConfigError(originOf(key) + ": " + key + ": expected " + expected + ", got " + found, cause);
    }

    /** {@code conf/master.conf:12}, or the origin's own description when it is not a file. */
    public static String describe(ConfigOrigin origin) {
        if (origin.filename() != null) {
            return origin.lineNumber() > 0 ? origin.filename() + ":" + origin.lineNumber() : origin.filename();
        }
        if (origin.resource() != null) {
            return origin.resource() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "");
        }
        return origin.description();
    }
}
