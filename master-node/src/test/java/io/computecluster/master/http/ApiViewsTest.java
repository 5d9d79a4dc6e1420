package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's records say what the job manager's do: every state has its name in the API, and a
 * job's status reads as it did when the master wrote the job manager's record itself.
 */
class ApiViewsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyStateOfAJobHasItsNameInTheApi() {
        for (JobState state : JobState.values()) {
            assertEquals(state.name(), ApiViews.state(state).name());
            assertEquals(state.isEnded(), ApiViews.state(state).isFinal(), state.name());
        }
    }

    @Test
    void aJobsStatusIsWrittenAsTheJobManagersRecordWas() throws Exception {
        Map<String, Long> nodes = new LinkedHashMap<>();
        nodes.put("127.0.0.1:40002", 3L);
        nodes.put("127.0.0.1:40001", 2L);
        for (JobStatus status : List.of(
                new JobStatus("j-1", "square", "range 1..5", JobState.FAILED, 5, 4, 1, 2, "2025-03-01T09:15:02.345Z",
                        "2025-03-01T09:15:03Z", 655, 7, List.of(new JobStatus.InputError("3", "boom")), nodes, "built-in", null),
                new JobStatus("j-2", "square", "2 listed inputs", JobState.QUEUED, 2, 0, 0, 1, "2025-03-01T09:15:02Z",
                        null, 0, 0, List.of(), Map.of(), "built-in", null))) {
            assertEquals(json.writeValueAsString(status), json.writeValueAsString(ApiViews.job(status)));
        }
    }
}
