package io.computecluster.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The project's version as {@code --version} prints it on every command,
 * {@code compute-cluster 0.1.0-SNAPSHOT}: the build writes it into a resource of this module.
 * {@link #main} prints it for the shell scripts that have no Java command of their own.
 */
public final class Version implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "/io/computecluster/common/version.properties";

    /** {@code compute-cluster VERSION}. */
    public static String text() {
        return "compute-cluster " + number();
    }

    /** The version alone, {@code 0.1.0-SNAPSHOT}. */
    public static String number() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {text()};
    }

    public static void main(String[] args) {
        System.out.println(text());
    }
}
