package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.common.node.NodeStartException;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store's settings and the checks a master makes at start, against real databases. */
class JobStoreTest {
    @TempDir
    Path dir;

    @Test
    void anH2StoreIsCreatedInItsFolderListsItsJobsAndErasesThem() throws Exception {
        JobStore store = new JobStore(settings(Map.of("compute.store.h2.dir", dir.resolve("data").toString())));
        store.prepare();
        store.prepare();

        assertTrue(Files.exists(dir.resolve("data").resolve("compute.mv.db")), "the database file is under h2.dir");
        Path password = dir.resolve("data").resolve("compute.password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(password)), "the H2 password is the masters' user's only");
        assertEquals(48, Files.readString(password).strip().length());
        StoreSettings again = settings(Map.of("compute.store.h2.dir", dir.resolve("data").toString()));
        assertEquals(Files.readString(password).strip(), again.password(), "every master of the host uses it");
        new JobStore(again).prepare();
        assertEquals(List.of(), store.jobIds());
        store.erase("j-nothing");
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingItAndTheSetting() {
        StoreSettings settings = settings(Map.of("compute.store.kind", "postgresql",
                "compute.store.postgresql.url", "jdbc:postgresql://127.0.0.1:1/compute"));
        NodeStartException refused = assertThrows(NodeStartException.class, () -> new JobStore(settings).prepare());

        String message = refused.getMessage();
        assertTrue(message.startsWith("the job store jdbc:postgresql://127.0.0.1:1/compute is not usable: "), message);
        assertTrue(message.contains("compute.store"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void anH2FolderThatCannotBeMadeIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        StoreSettings settings = settings(Map.of("compute.store.h2.dir", file.resolve("data").toString()));

        NodeStartException refused = assertThrows(NodeStartException.class, () -> new JobStore(settings).prepare());
        assertTrue(refused.getMessage().contains("cannot create the folder " + file.resolve("data")),
                refused.getMessage());
    }

    @Test
    void badSettingsAreConfigErrorsNamingTheKey() {
        ConfigError kind = assertThrows(ConfigError.class, () -> settings(Map.of("compute.store.kind", "mysql")));
        assertTrue(kind.getMessage().contains("compute.store.kind: expected h2 or postgresql, got 'mysql'"),
                kind.getMessage());
        ConfigError url = assertThrows(ConfigError.class, () -> settings(Map.of("compute.store.kind", "postgresql",
                "compute.store.postgresql.url", "postgres://host/db")));
        assertTrue(url.getMessage().contains("compute.store.postgresql.url: expected a JDBC URL"), url.getMessage());
        ConfigError password = assertThrows(ConfigError.class, () -> settings(Map.of("compute.store.kind",
                "postgresql", "compute.store.postgresql.password-file", dir.resolve("missing").toString())));
        assertTrue(password.getMessage().contains("compute.store.postgresql.password-file"), password.getMessage());
    }

    @Test
    void theH2StoreIsSharedByTheMastersOfOneHost() {
        StoreSettings settings = settings(Map.of("compute.store.h2.dir", dir.toString()));

        assertEquals(StoreSettings.Kind.H2, settings.kind());
        assertTrue(settings.url().contains(";AUTO_SERVER=TRUE"), settings.url());
    }

    @Test
    void aJobsEventsAreAppendedInOrderReplayedWithoutValuesAndReadOneByOne() throws Exception {
        StoreSettings settings = settings(Map.of("compute.store.h2.dir", dir.resolve("data").toString()));
        JobStore store = new JobStore(settings);
        store.prepare();
        JobEventLog log = new JobEventLog(settings, Runnable::run);
        try {
            JobEvent.JobSubmitted submitted = new JobEvent.JobSubmitted("j-1", new JobSpec("square",
                    new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(4)), 2), Instant.ofEpochSecond(1));
            JobEvent.ChunksCompleted completed = new JobEvent.ChunksCompleted(List.of(new JobEvent.ChunkResult(1,
                    Numbers.of(9, 16), List.of(), "node-a")), Instant.ofEpochSecond(2));
            log.append("j-1", 1, submitted).toCompletableFuture().join();
            log.append("j-1", 2, completed).toCompletableFuture().join();

            CompletionException taken = assertThrows(CompletionException.class,
                    () -> log.append("j-1", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(3)))
                            .toCompletableFuture().join());
            assertTrue(taken.getCause().getMessage().startsWith("cannot write event 2 of job j-1 in the job store "),
                    taken.getCause().getMessage());
            assertEquals(List.of("j-1"), store.jobIds());
            assertEquals(submitted, log.read("j-1", 1).toCompletableFuture().join());
            assertEquals(completed, log.read("j-1", 2).toCompletableFuture().join());
            assertEquals(List.of(submitted, completed.withoutValues()),
                    log.replay("j-1").toCompletableFuture().join());
            assertEquals(List.of(), log.replay("j-2").toCompletableFuture().join());

            store.erase("j-1");
            assertEquals(List.of(), log.replay("j-1").toCompletableFuture().join());
            CompletionException gone = assertThrows(CompletionException.class,
                    () -> log.read("j-1", 1).toCompletableFuture().join());
            assertTrue(gone.getCause().getMessage().contains("event 1 of job j-1 is not in the job store"),
                    gone.getCause().getMessage());
        } finally {
            log.close();
        }
    }

    private static StoreSettings settings(Map<String, Object> overrides) {
        return StoreSettings.from(new SettingsReader(ConfigLoader.defaults(new HashMap<>(overrides))));
    }
}
