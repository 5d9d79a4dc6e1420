package io.computecluster.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads a node's config with the precedence users expect: command-line options, then
 * {@code -Dkey=value} system properties, then environment variables the conf file names
 * ({@code ${?COMPUTE_SEED_NODES}}), then the conf file, then the built-in defaults.
 */
public final class ConfigLoader {
    /** Set by {@link #load} to the absolute path of the node's conf file. */
    public static final String CONFIG_FILE_KEY = "compute.config-file";
    /** The origin of the values given as command-line options (and named so in error lines). */
    public static final String COMMAND_LINE = "command line";
    private ConfigLoader() {
    }

    /**
     * Loads {@code file} under the given command-line overrides (config paths to values).
     *
     * @throws ConfigError naming the file, line and problem when the file is missing or malformed
     */
    public static Config load(Path file, Map<String, ?> commandLine) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigError(file + ": config file not found");
        }
        Config fromFile;
        try {
            fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException.Parse e) {
            throw new ConfigError(oneLine(e), e);
        } catch (ConfigException e) {
            throw new ConfigError(file + ": " + oneLine(e), e);
        }
        // Relative paths in the conf (compute.tls.dir) are taken from the folder of this file.
        Config loadedFrom = ConfigFactory.parseMap(Map.of(CONFIG_FILE_KEY, file.toAbsolutePath().normalize().toString()),
                "the conf file's path");
        return layer(ConfigFactory.parseMap(commandLine, COMMAND_LINE), fromFile.withFallback(loadedFrom));
    }

    /** The built-in defaults under the given overrides, as tests and embedded nodes use them. */
    public static Config defaults(Map<String, ?> overrides) {
        return layer(ConfigFactory.parseMap(overrides, "overrides"), ConfigFactory.empty());
    }

    private static Config layer(Config commandLine, Config fromFile) {
        try {
            return commandLine
                    .withFallback(ConfigFactory.systemProperties())
                    .withFallback(fromFile)
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve(ConfigResolveOptions.defaults());
        } catch (ConfigException e) {
            throw new ConfigError(oneLine(e), e);
        }
    }

    /** Typesafe Config's messages carry the origin already; keep them on one line. */
    private static String oneLine(ConfigException e) {
        return e.getMessage().replaceAll("\\s*\\R\\s*", " ");
    }
}
