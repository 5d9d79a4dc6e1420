package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.api.ClusterStatus;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private static final String NL = System.lineSeparator();
    private static final String MASTER = "pekko://compute-cluster@127.0.0.1:25520";

    static ClusterStatus cluster() {
        return ClusterStatus.withWorkers(MASTER, MASTER, List.of(
                new ClusterStatus.Member(MASTER, "127.0.0.1", 25520, List.of("master"), "Up", true),
                new ClusterStatus.Member("pekko://compute-cluster@127.0.0.1:40001", "127.0.0.1", 40001,
                        List.of("worker"), "Up", true),
                new ClusterStatus.Member("pekko://compute-cluster@127.0.0.1:40002", "127.0.0.1", 40002,
                        List.of("worker"), "Up", false)),
                2, 4, 3, 123_456, "ok", List.of(
                new ClusterStatus.WorkerNode("127.0.0.1:40002", 2, 2, 12_500_000, 63_456, List.of()),
                new ClusterStatus.WorkerNode("127.0.0.1:40001", 2, 1, 500_000, 60_000, List.of())));
    }

    static JobStatus job(String id, JobState state, long total, long completed, long failed, long elapsedMillis) {
        return new JobStatus(id, "square", "range 1.." + total, state, total, completed, failed, 10_000, "2025-03-01T09:15:02.345Z",
                null, elapsedMillis, 0, List.of(), Map.of(), "built-in", null);
    }

    @Test
    void threeAlignedTables() {
        List<JobStatus> jobs = List.of(
                job("j-00000000002b", JobState.RUNNING, 10_000_000, 4_200_000, 0, 75_000),
                job("j-00000000001a", JobState.FAILED, 1_000, 990, 10, 840));

        assertEquals("Members (3)" + NL
                + "  ADDRESS                                  ROLES   STATUS  REACHABLE  LEADER" + NL
                + "  pekko://compute-cluster@127.0.0.1:25520  master  Up      yes        *" + NL
                + "  pekko://compute-cluster@127.0.0.1:40001  worker  Up      yes" + NL
                + "  pekko://compute-cluster@127.0.0.1:40002  worker  Up      NO" + NL
                + NL
                + "Worker nodes (2 nodes, 4 worker actors, 3 chunks in flight, 123,456 tasks/s)" + NL
                + "  NODE             ACTORS  CHUNKS IN FLIGHT  TASKS DONE  TASKS/S" + NL
                + "  127.0.0.1:40001       2                 1     500,000   60,000" + NL
                + "  127.0.0.1:40002       2                 2  12,500,000   63,456" + NL
                + NL
                + "Jobs (2)" + NL
                + "  ID              STATE    PROGRESS       COMPLETED/TOTAL  FAILED  TASKS/S  ELAPSED  SUBMITTED AT" + NL
                + "  j-00000000002b  RUNNING       42%  4,200,000/10,000,000       0   56,000   1m 15s  2025-03-01 09:15:02" + NL
                + "  j-00000000001a  FAILED       100%             990/1,000      10    1,190   0.84 s  2025-03-01 09:15:02" + NL,
                StatusReport.format(cluster(), jobs, ZoneOffset.UTC));
    }

    @Test
    void functionsAreListedWithTheirTypesAndNodesBeforeTheJobs() {
        FunctionList functions = new FunctionList(List.of(
                new FunctionList.Function("sha256", "1.1.0", "text", "text",
                        List.of("127.0.0.1:40001", "127.0.0.1:40002", "127.0.0.1:40003", "127.0.0.1:40004")),
                new FunctionList.Function("sha256", "1.0.0", "text", "text", List.of()),
                new FunctionList.Function("square", "built-in", "integer", "integer", List.of("127.0.0.1:40001"))));
        JobStatus waiting = new JobStatus("j-3", "sha256", "3 inputs", JobState.QUEUED, 3, 0, 0, 1,
                "2025-03-01T09:15:02.345Z", null, 0, 0, List.of(), Map.of(), "1.0.0",
                "no live worker offers sha256@1.0.0: the job runs when one joins");
        List<JobStatus> jobs = List.of(waiting, job("j-2", JobState.SUCCEEDED, 10, 10, 0, 5));

        String report = StatusReport.format(cluster(), functions, jobs, ZoneOffset.UTC);

        assertTrue(report.contains(NL + NL + "Functions (3)" + NL
                + "  FUNCTION  VERSION   INPUT -> OUTPUT     NODES" + NL
                + "  sha256    1.1.0     text -> text        127.0.0.1:40001, 127.0.0.1:40002, 127.0.0.1:40003 and 1"
                + " more" + NL
                + "  sha256    1.0.0     text -> text        none now" + NL
                + "  square    built-in  integer -> integer  127.0.0.1:40001" + NL
                + NL + "Jobs (2)" + NL), report);
        assertTrue(report.contains("  ID   STATE      PROGRESS  COMPLETED/TOTAL  FAILED  TASKS/S  ELAPSED  SUBMITTED AT"
                + "         WAITING FOR" + NL
                + "  j-3  QUEUED           0%              0/3       0        0   0.00 s  2025-03-01 09:15:02"
                + "  no live worker offers sha256@1.0.0: the job runs when one joins" + NL
                + "  j-2  SUCCEEDED      100%            10/10       0    2,000   0.01 s  2025-03-01 09:15:02" + NL),
                report);
        assertTrue(report.startsWith(StatusReport.members(cluster()) + NL + StatusReport.workers(cluster())), report);
    }

    @Test
    void withoutAWaitingJobTheJobsTableHasNoWaitingColumn() {
        String jobs = StatusReport.jobs(List.of(job("j-1", JobState.RUNNING, 10, 1, 0, 5)), ZoneOffset.UTC);
        assertTrue(!jobs.contains("WAITING"), jobs);
    }

    @Test
    void submissionTimeIsShownInTheGivenZone() {
        String jobs = StatusReport.jobs(List.of(job("j-1", JobState.SUCCEEDED, 1, 1, 0, 5)), ZoneOffset.ofHours(2));
        assertTrue(jobs.contains("2025-03-01 11:15:02"), jobs);
    }

    @Test
    void emptyTablesSayNone() {
        ClusterStatus empty = ClusterStatus.withWorkers(MASTER, null, List.of(), 0, 0, 0, 0, "ok", List.of());
        assertEquals("Members (0)" + NL + "  none" + NL + NL
                + "Worker nodes (0 nodes, 0 worker actors, 0 chunks in flight, 0 tasks/s)" + NL + "  none" + NL + NL
                + "Jobs (0)" + NL + "  none" + NL, StatusReport.format(empty, List.of(), ZoneOffset.UTC));
    }

    @Test
    void aJobManagerThatDoesNotAnswerIsSaid() {
        ClusterStatus status = ClusterStatus.withoutJobManager(MASTER, MASTER, List.of(),
                "unreachable: AskTimeoutException: timed out");
        assertEquals("Worker nodes: unknown, the master's job manager does not answer "
                + "(unreachable: AskTimeoutException: timed out)" + NL, StatusReport.workers(status));
    }

    @Test
    void onlyTheNewestJobsAreListed() {
        List<JobStatus> jobs = new ArrayList<>();
        for (int i = 0; i < StatusReport.MAX_JOBS + 5; i++) {
            jobs.add(job("j-" + (1000 - i), JobState.SUCCEEDED, 10, 10, 0, 5));
        }
        String table = StatusReport.jobs(jobs, ZoneOffset.UTC);

        assertTrue(table.startsWith("Jobs (25)" + NL), table);
        assertTrue(table.contains("j-981 "), "the 20th newest: " + table);
        assertTrue(!table.contains("j-980 "), "the 21st newest: " + table);
        assertTrue(table.endsWith("  ... and 5 older jobs (GET /jobs lists them all)" + NL), table);
    }

    @Test
    void elapsedTimes() {
        assertEquals("0.84 s", Formats.elapsed(840));
        assertEquals("59.99 s", Formats.elapsed(59_990));
        assertEquals("4m 05s", Formats.elapsed(245_400));
        assertEquals("2h 03m 04s", Formats.elapsed(7_384_000));
    }
}
