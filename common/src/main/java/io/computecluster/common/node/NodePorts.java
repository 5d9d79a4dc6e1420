package io.computecluster.common.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a node has bound, as it writes it to its ports file ({@code --ports-file FILE}) for scripts
 * and launchers, which read it instead of guessing ports: its process, its role, its cluster
 * {@code HOST:PORT} (what other nodes give as {@code --seed}), its log file, and the base URLs of its
 * HTTP API (masters) and management endpoints. A field is null until that port is bound; the file is
 * written again, whole, each time one is.
 */
public record NodePorts(long pid, String role, String cluster, String logFile, String http, String management) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The file's content, or empty when there is no file (yet). */
    public static Optional<NodePorts> read(Path file) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), NodePorts.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Writes the file under a temporary name beside it and renames it into place: a reader never sees half. */
    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.write(partial, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The cluster port, once bound. */
    public Optional<Integer> clusterPort() {
        return Optional.ofNullable(cluster).map(hostPort -> Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
    }

    /** The HTTP API's base URL, once bound. */
    public Optional<URI> httpUri() {
        return Optional.ofNullable(http).map(URI::create);
    }

    /** The management endpoints' base URL, once bound. */
    public Optional<URI> managementUri() {
        return Optional.ofNullable(management).map(URI::create);
    }

    NodePorts withCluster(String hostPort, String file) {
        return new NodePorts(pid, role, hostPort, file, http, management);
    }

    NodePorts withHttp(String url) {
        return new NodePorts(pid, role, cluster, logFile, url, management);
    }

    NodePorts withManagement(String url) {
        return new NodePorts(pid, role, cluster, logFile, http, url);
    }
}
