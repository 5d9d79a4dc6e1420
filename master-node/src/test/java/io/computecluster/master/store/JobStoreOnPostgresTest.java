package io.computecluster.master.store;

import io.computecluster.common.testkit.TestPostgres;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Assumptions;

/** The JDBC job store on PostgreSQL; skipped, saying why, without a server (see {@link TestPostgres}). */
class JobStoreOnPostgresTest extends JobStoreContract {
    @Override
    JobStore open() {
        String unavailable = TestPostgres.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        StoreSettings settings = StoreTesting.settings(TestPostgres.freshDatabase().storeSettings());
        JobStoreSchema.prepare(settings);
        return new JdbcJobStore(settings, ForkJoinPool.commonPool(), null);
    }

    @Override
    void close(JobStore store) {
        ((JdbcJobStore) store).close();
    }
}
