package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.testkit.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The takeover scenario with the job store in PostgreSQL, when the machine has a server (.ci/run
 * starts one); and a database that stops answering in the middle of a job.
 */
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

    @Test
    @Order(3)
    void aDatabaseThatFailsDuringAJobStopsNewJobsAndLosesNoAcceptedWork() {
        int total = 40_000;
        String id = id(post("{\"function\":\"" + SlowSquare.NAME + "\",\"range\":{\"from\":\"1\",\"to\":\"" + total
                + "\"},\"chunkSize\":100}"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> completed(get("/jobs/" + id).body()) >= total / 10);

        TestPostgres.refuseConnections(database, true);
        try {
            HttpResponse<String> health = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get("/health"), response -> response.statusCode() == 503);
            assertTrue(health.body().contains("the job store is failing"), health.body());
            String cluster = get("/cluster").body();
            assertTrue(cluster.contains("\"jobStore\":\"failing: "), cluster);
            HttpResponse<String> refused = post("{\"range\":{\"from\":\"1\",\"to\":\"10\"}}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("job not accepted"), refused.body());
        } finally {
            TestPostgres.refuseConnections(database, false);
        }

        HttpResponse<String> ended = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/jobs/" + id + "?wait=5s"), response -> response.body().contains("SUCCEEDED"));
        assertEquals(total, completed(ended.body()), ended.body());
        assertSquares(get("/jobs/" + id + "/results").body(), 1, total);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/health").statusCode() == 200);
        assertTrue(get("/cluster").body().contains("\"jobStore\":\"ok\""));
    }
}
