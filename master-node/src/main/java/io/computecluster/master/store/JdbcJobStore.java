package io.computecluster.master.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.computecluster.common.column.Column;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.common.serialization.ColumnCodec;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.metrics.MasterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.ClusterActorRefProvider;

/**
 * The job store in H2 or PostgreSQL: one row of {@code job_events} per event, keyed by the job's
 * id and the event's number, and one row of {@code job_inputs} per block of a job's listed inputs ({@code db/migration} has the schema, {@link JobStoreSchema} creates
 * it at start). Plain JDBC: a write is one insert, a replay one query, a result read one query by
 * the primary key. Who writes what, and why the primary key is the fence, is said in
 * {@link JobStore}.
 *
 * <p>One connection pool per purpose, so that downloads and recoveries never wait behind writes:
 * {@code job-store-writes} for appends and erasures, {@code job-store-reads} (read-only) for
 * replays, listings and results. Both report to the master's metrics ({@code hikaricp_*} with a
 * {@code pool} tag) and close when the node shuts down; neither connects before its first use, so a
 * store that goes down fails those calls alone. Calls run on the blocking dispatcher, never an
 * actor's thread. One per actor system ({@link #get}).
 */
public final class JdbcJobStore implements JobStore, Extension {
    private static final int READ_CONNECTIONS = 3;
    private static final int WRITE_CONNECTIONS = 2;
    /** Fails a statement the store does not answer. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;
    /** Rows fetched at a time when a job is replayed: a PostgreSQL driver otherwise reads them all first. */
    private static final int REPLAY_FETCH_SIZE = 16;

    public static final ExtensionId<JdbcJobStore> ID = new ExtensionId<>() {
        @Override
        public JdbcJobStore createExtension(ActorSystem<?> system) {
            return new JdbcJobStore(system);
        }
    };

    private final StoreSettings settings;
    private final Executor blocking;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;

    private JdbcJobStore(ActorSystem<?> system) {
        this(StoreSettings.from(new SettingsReader(system.settings().config())),
                system.dispatchers().lookup(DispatcherSelector.blocking()), registryOf(system));
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
                "close-job-store", () -> {
                    close();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
    }

    /**
     * @param blocking where the JDBC calls run
     * @param metrics  where the pools report, or null for nowhere
     */
    JdbcJobStore(StoreSettings settings, Executor blocking, MeterRegistry metrics) {
        this.settings = settings;
        this.blocking = blocking;
        this.writePool = pool(settings, "job-store-writes", WRITE_CONNECTIONS, false, metrics);
        this.readPool = pool(settings, "job-store-reads", READ_CONNECTIONS, true, metrics);
    }

    /** The node's store, made on first use. */
    public static JdbcJobStore get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    @Override
    public String where() {
        return settings.where();
    }

    @Override
    public CompletionStage<JobEvent> read(String jobId, long sequenceNr) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readNow(jobId, sequenceNr);
            } catch (SQLException | IllegalArgumentException e) {
                throw failure("cannot read event " + sequenceNr + " of job " + jobId, e);
            }
        }, blocking);
    }

    @Override
    public CompletionStage<List<JobEvent>> replay(String jobId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return replayNow(jobId);
            } catch (SQLException | IllegalArgumentException e) {
                throw failure("cannot read job " + jobId + " back", e);
            }
        }, blocking);
    }

    @Override
    public CompletionStage<Void> append(String jobId, long sequenceNr, JobEvent event) {
        // Encoded there too: a list of millions of inputs takes a while, and the caller is an actor or a route.
        return CompletableFuture.runAsync(() -> {
            try {
                appendNow(jobId, sequenceNr, JobEventCodec.kind(event), JobEventCodec.encode(event));
            } catch (SQLException e) {
                throw failure("cannot write event " + sequenceNr + " of job " + jobId, e);
            }
        }, blocking);
    }

    @Override
    public CompletionStage<Void> appendInputs(String jobId, int block, Column values) {
        return CompletableFuture.runAsync(() -> {
            ByteBuffer out = ByteBuffer.allocate(ColumnCodec.sizeOf(values));
            ColumnCodec.write(values, out);
            byte[] payload = out.position() == out.capacity() ? out.array()
                    : java.util.Arrays.copyOf(out.array(), out.position());
            try (Connection connection = writePool.getConnection();
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO job_inputs (job_id, block, payload) VALUES (?, ?, ?)")) {
                insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                insert.setString(1, jobId);
                insert.setInt(2, block);
                insert.setBytes(3, payload);
                insert.executeUpdate();
            } catch (SQLException e) {
                throw failure("cannot write input block " + block + " of job " + jobId, e);
            }
        }, blocking);
    }

    @Override
    public CompletionStage<Column> readInputs(String jobId, int block) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = readPool.getConnection();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT payload FROM job_inputs WHERE job_id = ? AND block = ?")) {
                query.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                query.setString(1, jobId);
                query.setInt(2, block);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("input block " + block + " of job " + jobId
                                + " is not in the job store " + settings.where());
                    }
                    return ColumnCodec.read(ByteBuffer.wrap(row.getBytes(1)));
                }
            } catch (SQLException | IllegalArgumentException e) {
                throw failure("cannot read input block " + block + " of job " + jobId, e);
            }
        }, blocking);
    }

    @Override
    public CompletionStage<List<String>> jobIds() {
        return CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            // The primary keys' leading columns answer this without reading the rows; UNION drops repeats.
            try (Connection connection = readPool.getConnection();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT job_id FROM job_events UNION SELECT job_id FROM job_inputs")) {
                query.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw failure("cannot list the jobs", e);
            }
            return ids;
        }, blocking);
    }

    @Override
    public CompletionStage<Void> erase(String jobId) {
        return CompletableFuture.runAsync(() -> {
            try (Connection connection = writePool.getConnection()) {
                // The events first: once the definition is gone, inputs left by a failure here are
                // an orphan that recovery erases.
                for (String table : List.of("job_events", "job_inputs")) {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + table + " WHERE job_id = ?")) {
                        delete.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                        delete.setString(1, jobId);
                        delete.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw failure("cannot erase job " + jobId, e);
            }
        }, blocking);
    }

    private JobEvent readNow(String jobId, long sequenceNr) throws SQLException {
        try (Connection connection = readPool.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT kind, payload FROM job_events WHERE job_id = ? AND seq = ?")) {
            query.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            query.setString(1, jobId);
            query.setLong(2, sequenceNr);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("event " + sequenceNr + " of job " + jobId
                            + " is not in the job store " + settings.where());
                }
                return JobEventCodec.decode(row.getString(1), row.getBytes(2));
            }
        }
    }

    private List<JobEvent> replayNow(String jobId) throws SQLException {
        List<JobEvent> events = new ArrayList<>();
        try (Connection connection = readPool.getConnection()) {
            // A cursor, not every row at once (PostgreSQL fetches in batches only inside a transaction).
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, kind, payload FROM job_events WHERE job_id = ? ORDER BY seq")) {
                query.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                query.setFetchSize(REPLAY_FETCH_SIZE);
                query.setString(1, jobId);
                try (ResultSet rows = query.executeQuery()) {
                    boolean defined = false;
                    while (rows.next()) {
                        long sequenceNr = rows.getLong(1);
                        defined |= sequenceNr == 1;
                        if (defined && sequenceNr != events.size() + 1) {
                            throw new IllegalStateException("job " + jobId + " has event " + sequenceNr + " after "
                                    + events.size() + " events in the job store " + settings.where());
                        }
                        JobEvent event = JobEventCodec.decode(rows.getString(2), rows.getBytes(3));
                        events.add(event instanceof JobEvent.ChunksCompleted completed
                                ? completed.withoutValues() : event);
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        return events;
    }

    private void appendNow(String jobId, long sequenceNr, String kind, byte[] payload) throws SQLException {
        try (Connection connection = writePool.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO job_events (job_id, seq, kind, payload) VALUES (?, ?, ?, ?)")) {
            insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            insert.setString(1, jobId);
            insert.setLong(2, sequenceNr);
            insert.setString(3, kind);
            insert.setBytes(4, payload);
            insert.executeUpdate();
        }
    }

    private CompletionException failure(String what, Exception cause) {
        return new CompletionException(new IllegalStateException(what + " in the job store " + settings.where() + ": "
                + JobStore.oneLine(cause), cause));
    }

    private static HikariDataSource pool(StoreSettings settings, String name, int size, boolean readOnly,
                                         MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(3_000);
        config.setReadOnly(readOnly);
        // Connect on first use, not here: a store that is down fails that call alone.
        config.setInitializationFailTimeout(-1);
        if (metrics != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        return new HikariDataSource(config);
    }

    /**
     * The master's metrics registry. It lives beside the cluster (it counts the members), so an
     * actor system without one, a test of the store alone, has none and its pools go unmeasured.
     */
    private static MeterRegistry registryOf(ActorSystem<?> system) {
        boolean clustered = ((ExtendedActorSystem) system.classicSystem()).provider() instanceof ClusterActorRefProvider;
        return clustered ? MasterMetrics.get(system).registry() : null;
    }

    /** Closes both pools; calls made after fail. */
    void close() {
        readPool.close();
        writePool.close();
    }
}
