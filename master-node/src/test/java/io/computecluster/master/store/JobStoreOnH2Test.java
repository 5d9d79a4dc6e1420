package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The JDBC job store on H2, the default. */
class JobStoreOnH2Test extends JobStoreContract {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private Path dir;

    @Override
    JobStore open() throws Exception {
        dir = Files.createTempDirectory("job-store-h2");
        StoreSettings settings = StoreTesting.settings(Map.of("compute.store.h2.dir", dir.toString()));
        JobStoreSchema.prepare(settings);
        return new JdbcJobStore(settings, ForkJoinPool.commonPool(), metrics);
    }

    @Override
    void close(JobStore store) {
        ((JdbcJobStore) store).close();
    }

    @Test
    void eachPoolReportsToTheMetrics() {
        assertEquals(2.0, metrics.get("hikaricp.connections.max").tag("pool", "job-store-writes").gauge().value());
        assertEquals(3.0, metrics.get("hikaricp.connections.max").tag("pool", "job-store-reads").gauge().value());
    }
}
