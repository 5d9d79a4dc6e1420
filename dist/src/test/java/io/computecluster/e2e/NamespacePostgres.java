package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own on a host of its own: Debian's binaries
 * ({@code /usr/lib/postgresql/VERSION/bin}), a cluster made with {@code initdb} as the
 * {@code postgres} user in the run's scratch folder, listening on the host's address and trusting
 * the hosts' subnet. The masters keep their jobs in its {@code postgres} database as the
 * {@code postgres} role (no password: trust).
 */
final class NamespacePostgres implements AutoCloseable {
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final String SYSTEM_USER = "postgres";

    private final NetworkNamespaces.Host host;
    private final Process server;

    private NamespacePostgres(NetworkNamespaces.Host host, Process server) {
        this.host = host;
        this.server = server;
    }

    /** The newest {@code bin/} folder of Debian's PostgreSQL, or empty when it is not installed. */
    static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.comparingInt(bin -> majorVersion(bin.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why the PostgreSQL scenarios skip here, or empty when they can run. */
    static Optional<String> unavailable() {
        if (binaries().isEmpty()) {
            return Optional.of("no PostgreSQL binaries in " + DEBIAN_BINARIES + "/*/bin (Debian's postgresql package): "
                    + "the scenario with two masters on PostgreSQL is skipped");
        }
        try {
            NetworkNamespaces.run(List.of("setpriv", "--version"));
        } catch (UncheckedIOException e) {
            return Optional.of("no setpriv (util-linux) to run PostgreSQL as '" + SYSTEM_USER + "': "
                    + "the scenario with two masters on PostgreSQL is skipped");
        }
        if (NetworkNamespaces.run(List.of("id", "-u", SYSTEM_USER)).exit() != 0) {
            return Optional.of("no '" + SYSTEM_USER + "' system user to run PostgreSQL as: "
                    + "the scenario with two masters on PostgreSQL is skipped");
        }
        return Optional.empty();
    }

    /** Makes a cluster in {@code scratch} and starts its server on {@code host}; returns once it takes connections. */
    static NamespacePostgres start(NetworkNamespaces.Host host, String subnet, Path scratch) {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(unavailable().orElse("no PostgreSQL")));
        Path data = scratch.resolve("postgres");
        NetworkNamespaces.must(List.of("chown", SYSTEM_USER, scratch.toString()));
        NetworkNamespaces.must(asSystemUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", SYSTEM_USER, "--auth=trust", "--no-sync", "-E", "UTF8")));
        try {
            Files.writeString(data.resolve("pg_hba.conf"), "host all all " + subnet + ".0/24 trust\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process server;
        try {
            server = new ProcessBuilder(host.command(asSystemUser(List.of(bin.resolve("postgres").toString(),
                    "-D", data.toString(), "-c", "listen_addresses=" + host.address(),
                    "-c", "unix_socket_directories=" + data, "-c", "fsync=off"))))
                    .redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("postgres.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NamespacePostgres postgres = new NamespacePostgres(host, server);
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!server.isAlive()) {
                    throw new AssertionError("PostgreSQL exited with " + server.exitValue() + ": "
                            + Files.readString(scratch.resolve("postgres.out")));
                }
                return NetworkNamespaces.run(List.of(bin.resolve("pg_isready").toString(), "-q", "-h", host.address(),
                        "-p", "5432")).exit() == 0;
            });
        } catch (RuntimeException | Error e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** The store settings of a master that keeps its jobs on this server, as {@code -D} options. */
    List<String> storeOptions() {
        return Map.of("compute.store.kind", "postgresql",
                        "compute.store.postgresql.url", "jdbc:postgresql://" + host.address() + ":5432/postgres",
                        "compute.store.postgresql.user", SYSTEM_USER)
                .entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(setting -> "-D" + setting.getKey() + "=" + setting.getValue()).toList();
    }

    /** Stops the server (fast shutdown: SIGINT), killing it when it does not end within 20 s. */
    @Override
    public void close() {
        NetworkNamespaces.run(List.of("kill", "-INT", Long.toString(server.pid())));
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code command} as the {@code postgres} user; setpriv execs it, so that its process is the command's. */
    private static List<String> asSystemUser(List<String> command) {
        List<String> line = new ArrayList<>(List.of("setpriv", "--reuid", SYSTEM_USER, "--regid", SYSTEM_USER,
                "--init-groups", "--"));
        line.addAll(command);
        return line;
    }

    private static int majorVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
