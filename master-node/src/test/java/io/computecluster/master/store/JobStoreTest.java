package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.common.node.NodeStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void theH2StoreIsSharedByTheMastersOfOneHostAndPekkoPersistenceUsesIt() {
        StoreSettings settings = settings(Map.of("compute.store.h2.dir", dir.toString()));

        assertTrue(settings.url().contains(";AUTO_SERVER=TRUE"), settings.url());
        Map<String, Object> pekko = settings.pekkoSettings();
        assertEquals("jdbc-journal", pekko.get("pekko.persistence.journal.plugin"));
        assertEquals(settings.url(), pekko.get("pekko-persistence-jdbc.shared-databases.compute-store.db.url"));
        assertEquals("slick.jdbc.H2Profile$", pekko.get("pekko-persistence-jdbc.shared-databases.compute-store.profile"));
    }

    private static StoreSettings settings(Map<String, Object> overrides) {
        return StoreSettings.from(new SettingsReader(ConfigLoader.defaults(new HashMap<>(overrides))));
    }
}
