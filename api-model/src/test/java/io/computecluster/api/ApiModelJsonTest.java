package io.computecluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON these records make is the API's, field for field and in order (the status page and
 * scripts read it), and a reader takes a newer master's answers.
 */
class ApiModelJsonTest {
    /** What the master writes with. */
    private final ObjectMapper writer = new ObjectMapper();
    /** What the client reads with. */
    private final ObjectMapper reader = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, true);

    static JobStatus failedJob() {
        Map<String, Long> nodes = new LinkedHashMap<>();
        nodes.put("127.0.0.1:40002", 3L);
        nodes.put("127.0.0.1:40001", 2L);
        return new JobStatus("j-00000000002a", "square", "range 1..5", JobState.FAILED, 5, 4, 1, 2,
                "2025-03-01T09:15:02.345Z", "2025-03-01T09:15:03Z", 655, 7,
                List.of(new JobStatus.InputError("3", "boom")), nodes, "built-in", null);
    }

    @Test
    void aJobStatusIsWrittenInTheOrderOfItsFieldsWithTheNodesInTheirOrder() throws Exception {
        assertEquals("{\"id\":\"j-00000000002a\",\"function\":\"square\",\"input\":\"range 1..5\",\"state\":\"FAILED\","
                + "\"total\":5,\"completed\":4,\"failed\":1,\"chunkSize\":2,\"submittedAt\":\"2025-03-01T09:15:02.345Z\","
                + "\"finishedAt\":\"2025-03-01T09:15:03Z\",\"elapsedMillis\":655,\"tasksPerSecond\":7,"
                + "\"errors\":[{\"input\":\"3\",\"error\":\"boom\"}],"
                + "\"workerNodes\":{\"127.0.0.1:40002\":3,\"127.0.0.1:40001\":2},"
                + "\"version\":\"built-in\",\"waitingFor\":null}",
                writer.writeValueAsString(failedJob()));
        assertEquals(failedJob(), reader.readValue(writer.writeValueAsString(failedJob()), JobStatus.class));
    }

    @Test
    void aRunningJobHasANullFinishedAtAndItsHelpersAreNotFields() throws Exception {
        JobStatus running = new JobStatus("j-1", "square", "3 listed inputs", JobState.RUNNING, 3, 1, 0, 1,
                "2025-03-01T09:15:02Z", null, 0, 0, List.of(), Map.of(), "built-in", null);
        String json = writer.writeValueAsString(new JobList(List.of(running)));
        assertTrue(json.startsWith("{\"jobs\":[{\"id\":\"j-1\","), json);
        assertTrue(json.contains("\"finishedAt\":null,"), json);
        assertTrue(json.endsWith("\"errors\":[],\"workerNodes\":{},\"version\":\"built-in\",\"waitingFor\":null}]}"), json);
        assertFalse(json.contains("done") || json.contains("throughput"), json);
        assertEquals(1, running.done());
    }

    @Test
    void aNewerMastersFieldsAndStatesAreReadAsWellAsAnOlderMastersGaps() throws Exception {
        JobStatus status = reader.readValue("{\"id\":\"j-1\",\"state\":\"PAUSED\",\"total\":10,\"completed\":4,"
                + "\"tasksPerSecond\":812345.0,\"waitingFor\":\"a worker offering sha256\"}", JobStatus.class);
        assertEquals(JobState.UNKNOWN, status.state());
        assertFalse(status.state().isFinal());
        assertEquals(812345, status.tasksPerSecond());
        assertEquals(List.of(), status.errors());
        assertEquals(Map.of(), status.workerNodes());
        assertEquals(List.of(), reader.readValue("{}", JobList.class).jobs());
    }

    @Test
    void theClusterViewLeavesOutWhatTheJobManagerDidNotSay() throws Exception {
        List<ClusterStatus.Member> members = List.of(new ClusterStatus.Member("pekko://c@127.0.0.1:25520",
                "127.0.0.1", 25520, List.of("master"), "Up", true));
        ClusterStatus up = ClusterStatus.withWorkers("pekko://c@127.0.0.1:25520", null, members, 1, 2, 3, 40,
                "ok", List.of(new ClusterStatus.WorkerNode("127.0.0.1:40001", 2, 3, 500, 40,
                        List.of(new ClusterStatus.WorkerActor("worker-1", 1),
                                new ClusterStatus.WorkerActor("worker-2", 2)))));
        String membersJson = "\"members\":[{\"address\":\"pekko://c@127.0.0.1:25520\",\"host\":\"127.0.0.1\","
                + "\"port\":25520,\"roles\":[\"master\"],\"status\":\"Up\",\"reachable\":true}]";
        assertEquals("{\"self\":\"pekko://c@127.0.0.1:25520\",\"leader\":null," + membersJson
                + ",\"workerNodes\":1,\"workerActors\":2,\"chunksInFlight\":3,\"tasksPerSecond\":40,\"jobStore\":\"ok\","
                + "\"workers\":[{\"node\":\"127.0.0.1:40001\",\"actors\":2,\"chunksInFlight\":3,\"tasksDone\":500,"
                + "\"tasksPerSecond\":40,\"workerActors\":[{\"name\":\"worker-1\",\"chunksInFlight\":1},"
                + "{\"name\":\"worker-2\",\"chunksInFlight\":2}]}]}", writer.writeValueAsString(up));
        assertTrue(up.jobManagerAnswered());

        ClusterStatus down = ClusterStatus.withoutJobManager("pekko://c@127.0.0.1:25520",
                "pekko://c@127.0.0.1:25520", members, "unreachable: timed out");
        assertEquals("{\"self\":\"pekko://c@127.0.0.1:25520\",\"leader\":\"pekko://c@127.0.0.1:25520\","
                + membersJson + ",\"jobManager\":\"unreachable: timed out\"}", writer.writeValueAsString(down));
        ClusterStatus read = reader.readValue(writer.writeValueAsString(down), ClusterStatus.class);
        assertFalse(read.jobManagerAnswered());
        assertEquals(0, read.workerNodeCount());
        assertEquals(0, read.workerActorCount());
        assertEquals(List.of(), read.workerList());
    }

    @Test
    void errorsCarryTheirLineOnlyWhenThereIsOne() throws Exception {
        assertEquals("{\"error\":\"line 4: not an integer: 'three'\",\"line\":4}",
                writer.writeValueAsString(new ErrorBody("line 4: not an integer: 'three'", 4)));
        assertEquals("{\"error\":\"unknown job 'j-1'\"}", writer.writeValueAsString(ErrorBody.of("unknown job 'j-1'")));
    }

    @Test
    void healthAcceptedAndThroughputAnswers() throws Exception {
        assertEquals("{\"status\":\"UP\",\"member\":\"Up\",\"workerActors\":4}", writer.writeValueAsString(Health.up(4)));
        assertEquals("{\"id\":\"j-1\"}", writer.writeValueAsString(new JobAccepted("j-1")));
        assertEquals("{\"intervalSeconds\":1,\"samples\":[{\"at\":\"2025-03-01T09:15:02Z\",\"tasksPerSecond\":5}]}",
                writer.writeValueAsString(new Throughput(1, List.of(
                        new Throughput.Sample("2025-03-01T09:15:02Z", 5)))));
    }
}
