package io.computecluster.compute.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.api.ClusterStatus;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiClientTest {

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ApiClient client = new ApiClient(URI.create("http://127.0.0.1:" + port));
        MasterUnreachableException e = assertThrows(MasterUnreachableException.class, client::healthy);
        assertEquals("connection refused", e.reason());
        assertThrows(MasterUnreachableException.class, () -> client.status("j-1"));
    }

    @Test
    void readsStatusIgnoringUnknownFieldsAndStates() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("PAUSED", 10, 4, 1, "\"errors\":[{\"input\":\"7\",\"error\":\"boom\"}],"
                    + "\"workerNodes\":{\"127.0.0.1:1\":3,\"127.0.0.1:2\":2}");
            JobStatus status = new ApiClient(master.api()).status(FakeMaster.JOB_ID);
            assertEquals(JobState.UNKNOWN, status.state());
            assertEquals(10, status.total());
            assertEquals(5, status.done());
            assertEquals("boom", status.errors().get(0).error());
            assertEquals(3L, status.workerNodes().get("127.0.0.1:1"));
            assertTrue(new ApiClient(master.api()).healthy());
        }
    }

    @Test
    void aClusterAnswerWithoutTheJobManagersFiguresReadsAsNoneAndSaysWhy() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.cluster("{\"self\":\"pekko://compute-cluster@127.0.0.1:25520\",\"leader\":null,\"members\":[],"
                    + "\"jobManager\":\"unreachable: Ask timed out\"}");
            ClusterStatus cluster = new ApiClient(master.api()).cluster();
            assertFalse(cluster.jobManagerAnswered());
            assertEquals(0, cluster.workerNodeCount());
            assertEquals(0, cluster.workerActorCount());
            assertEquals(List.of(), cluster.workerList());
            assertEquals("unreachable: Ask timed out", cluster.jobManager());
        }
    }

    @Test
    void errorStatusCarriesTheMastersMessage() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            ApiException e = assertThrows(ApiException.class, () -> new ApiClient(master.api()).status("j-unknown"));
            assertEquals(404, e.status());
            assertEquals("no such job", e.error());
        }
    }

    @Test
    void errorWithoutJsonBodyStillReadsWell() {
        ApiClient client = new ApiClient(URI.create("http://127.0.0.1:1"));
        assertEquals("service unavailable (HTTP 503)", client.apiError(503, "").error());
        assertEquals("HTTP 502: Bad <b>gateway</b>", client.apiError(502, "Bad\n<b>gateway</b>\n").error());
        ApiException withLine = client.apiError(400, "{\"error\":\"not an integer: 'x'\",\"line\":12}");
        assertEquals(12, withLine.line());
        assertEquals("not an integer: 'x'", withLine.error());
    }

    @Test
    void downloadsResultsVerbatim() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            String results = "1\t1\n2\t4\n" + "9".repeat(300) + "\terror: too big\n";
            master.results(results);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ApiClient(master.api()).downloadResults(FakeMaster.JOB_ID, out);
            assertEquals(results, out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsTheFunctionsTheWorkersOffer() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            FunctionList functions = new ApiClient(master.api()).functions();
            assertEquals(new FunctionList.Function("sha256", "1.0.0", "text", "text", List.of("127.0.0.1:40001")),
                    functions.functions().get(1));
            assertEquals(List.of(), functions.functions().get(2).nodes());
        }
    }

    @Test
    void jobOptionsGoInTheQueryEncoded() {
        assertEquals("?function=sha256%401.0.0&args=%7B%22a+b%22%3A%22%26%22%7D&chunkSize=5&taskTimeout=5m",
                ApiClient.query(new JobOptions("sha256@1.0.0", "{\"a b\":\"&\"}", 5, "5m", "key-1")));
        assertEquals("?function=square", ApiClient.query(JobOptions.of("square", null)));
    }

    @Test
    void jobIdsStayOnePathSegment() {
        assertEquals("j-1a2b", ApiClient.pathSegment("j-1a2b"));
        assertEquals("a%2Fb%20c", ApiClient.pathSegment("a/b c"));
    }
}
