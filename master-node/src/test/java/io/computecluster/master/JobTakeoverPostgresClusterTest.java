package io.computecluster.master;

import io.computecluster.common.testkit.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** The takeover scenario with the job store in PostgreSQL, when the machine has a server (.ci/run starts one). */
class JobTakeoverPostgresClusterTest extends TakeoverScenario {
    private TestPostgres.Database database;

    @Override
    Map<String, Object> storeSettings() {
        String unavailable = TestPostgres.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        if (database == null) {
            database = TestPostgres.freshDatabase();
        }
        return database.storeSettings();
    }
}
