package io.computecluster.master.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkPart;
import io.computecluster.common.protocol.WorkerProtocol.ChunkProgress;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.master.function.FunctionInfo;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.manager.JobManagerProtocol.Accepted;
import io.computecluster.master.manager.JobManagerProtocol.AwaitChunk;
import io.computecluster.master.manager.JobManagerProtocol.AwaitEnd;
import io.computecluster.master.manager.JobManagerProtocol.Busy;
import io.computecluster.master.manager.JobManagerProtocol.GetStatus;
import io.computecluster.master.manager.JobManagerProtocol.GetWorkers;
import io.computecluster.master.manager.JobManagerProtocol.NotAccepted;
import io.computecluster.master.manager.JobManagerProtocol.ResultsReply;
import io.computecluster.master.manager.JobManagerProtocol.StatusReply;
import io.computecluster.master.manager.JobManagerProtocol.SubmitReply;
import io.computecluster.master.manager.JobManagerProtocol.TooManyWaiting;
import io.computecluster.master.manager.JobManagerProtocol.WorkersView;
import io.computecluster.master.store.InMemoryJobStore;
import io.computecluster.master.store.JdbcJobStore;
import io.computecluster.master.store.JobStoreSchema;
import io.computecluster.master.store.StoreSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job manager driven directly, over a real H2 job store of its own per test: worker actors
 * are probes, told to it as the membership would; jobs come in as a master's API submits them.
 */
class JobManagerTest {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /** Chunks unanswered for a second go to another worker; at most two jobs and two waiting requests. */
    private static final JobManagerSettings SETTINGS = new JobManagerSettings(2, 1_000, 2, Duration.ofSeconds(1),
            Duration.ofHours(1), 10, 1_000_000);

    @TempDir
    Path dir;
    private ActorTestKit kit;
    private StoreSettings storeSettings;
    private JdbcJobStore store;
    private ActorRef<MasterCommand> manager;

    @BeforeEach
    void start() {
        // A cluster provider (the master's metrics read the cluster's members) that joins nothing.
        Config config = ConfigLoader.defaults(Map.of("pekko.actor.provider", "cluster",
                "pekko.remote.artery.transport", "tcp", "pekko.remote.artery.canonical.hostname", "127.0.0.1",
                "pekko.remote.artery.canonical.port", 0, "pekko.loglevel", "WARNING",
                "compute.store.kind", "h2", "compute.store.h2.dir", dir.resolve("data").toString()));
        storeSettings = StoreSettings.from(new SettingsReader(config));
        JobStoreSchema.prepare(storeSettings);
        kit = ActorTestKit.create("JobManagerTest", config);
        store = JdbcJobStore.get(kit.system());
        manager = kit.spawn(JobManager.create(SETTINGS, store, false), "job-manager");
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    private SubmitReply submit(long from, long to, int chunkSize) throws Exception {
        JobSpec spec = new JobSpec("square", new InputSource.Range(BigInteger.valueOf(from), BigInteger.valueOf(to)),
                chunkSize);
        return new JobSubmission(kit.system(), manager, store).submit(spec).toCompletableFuture()
                .get(ANSWER.toSeconds(), TimeUnit.SECONDS);
    }

    private String submitted(long from, long to, int chunkSize) throws Exception {
        return assertInstanceOf(Accepted.class, submit(from, to, chunkSize)).id();
    }

    /** A probe as a worker actor, listed with {@code others}; it has greeted the job manager. */
    private TestProbe<ToWorker> worker(List<TestProbe<ToWorker>> listed) {
        TestProbe<ToWorker> worker = kit.createTestProbe();
        List<ActorRef<ToWorker>> refs = new ArrayList<>();
        listed.forEach(other -> refs.add(other.getRef()));
        refs.add(worker.getRef());
        manager.tell(new Membership.WorkersListed(Set.copyOf(refs)));
        worker.expectMessageClass(Hello.class);
        listed.add(worker);
        return worker;
    }

    private void requestWork(TestProbe<ToWorker> worker, int credit) {
        manager.tell(new RequestWork(worker.getRef(), credit, List.of(new WorkerProtocol.FunctionOffer("square",
                WorkerProtocol.FunctionCall.BUILT_IN, PayloadType.INTEGER, PayloadType.INTEGER))));
    }

    /** Answers an assigned chunk with its squares, asking for {@code credit} more. */
    private void answer(TestProbe<ToWorker> worker, ChunkTask task, int credit) {
        long[] squares = new long[task.inputs().size()];
        for (int i = 0; i < squares.length; i++) {
            squares[i] = ((Numbers) task.inputs()).longAt(i) * ((Numbers) task.inputs()).longAt(i);
        }
        manager.tell(new ChunkDone(worker.getRef(), task.jobId(), task.chunkId(), Numbers.of(squares), List.of(),
                credit, 0));
    }

    private ChunkTask assigned(TestProbe<ToWorker> worker) {
        return worker.expectMessageClass(Assign.class, ANSWER).task();
    }

    private JobStatus awaitEnd(String id) {
        TestProbe<StatusReply> asker = kit.createTestProbe();
        manager.tell(new AwaitEnd(id, ANSWER, asker.getRef()));
        return asker.receiveMessage(ANSWER.plusSeconds(5)).status().orElseThrow();
    }

    private WorkersView workers() {
        TestProbe<WorkersView> asker = kit.createTestProbe();
        manager.tell(new GetWorkers(asker.getRef()));
        return asker.receiveMessage(ANSWER);
    }

    @Test
    void chunksGoToWorkersAsFarAsTheirCreditGoesAndTheJobEndsOnceItsResultsAreStored() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        String id = submitted(1, 6, 2);
        requestWork(worker, 2);
        ChunkTask first = assigned(worker);
        ChunkTask second = assigned(worker);
        assertEquals(List.of(0, 1), List.of(first.chunkId(), second.chunkId()));
        worker.expectNoMessage(Duration.ofMillis(300));

        answer(worker, first, 1);
        ChunkTask third = assigned(worker);
        assertEquals(2, third.chunkId());
        answer(worker, third, 1);
        answer(worker, second, 1);

        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(6, status.completed());
        assertEquals(0, workers().chunksInFlight());
    }

    @Test
    void theChunksOfALostWorkerGoToAnotherAndALateAnswerCountsOnce() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> lost = worker(workers);
        TestProbe<ToWorker> other = worker(workers);
        String id = submitted(1, 4, 2);
        requestWork(lost, 2);
        ChunkTask a = assigned(lost);
        ChunkTask b = assigned(lost);
        requestWork(other, 1);
        other.expectNoMessage(Duration.ofMillis(300));

        manager.tell(new Membership.WorkersListed(Set.of(other.getRef())));
        ChunkTask again = assigned(other);
        answer(other, again, 1);
        ChunkTask andAgain = assigned(other);
        assertEquals(Set.of(a.chunkId(), b.chunkId()), Set.of(again.chunkId(), andAgain.chunkId()));
        // The lost worker's answer arrives after all: the first result of each chunk counts.
        answer(lost, a, 0);
        answer(other, andAgain, 1);

        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(4, status.completed());
    }

    @Test
    void aChunkUnansweredPastTheChunkTimeoutGoesToAnotherWorker() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> silent = worker(workers);
        TestProbe<ToWorker> other = worker(workers);
        String id = submitted(1, 2, 2);
        requestWork(silent, 1);
        ChunkTask held = assigned(silent);
        requestWork(other, 1);
        ChunkTask overdue = assigned(other);
        assertEquals(held, overdue);
        answer(other, overdue, 1);
        assertEquals(JobState.SUCCEEDED, awaitEnd(id).state());
    }

    @Test
    void aChunkWhoseWorkerSendsProgressStaysWithItPastTheChunkTimeout() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> slow = worker(workers);
        TestProbe<ToWorker> other = worker(workers);
        String id = submitted(1, 4, 2);
        requestWork(slow, 2);
        ChunkTask long1 = assigned(slow);
        ChunkTask silent = assigned(slow);
        Cancellable progress = kit.system().scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(300),
                () -> manager.tell(new ChunkProgress(slow.getRef(), long1.jobId(), long1.chunkId())),
                kit.system().executionContext());
        try {
            requestWork(other, 2);
            // The chunk without progress goes on past the 1 s timeout; the one with progress stays,
            // three timeouts long.
            assertEquals(silent, assigned(other));
            answer(other, silent, 0);
            other.expectNoMessage(Duration.ofSeconds(3));
        } finally {
            progress.cancel();
        }
        // Without its progress it too goes on.
        assertEquals(long1, assigned(other));
        answer(slow, long1, 0);
        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(4, status.completed());
    }

    @Test
    void aChunkWhoseResultsCameInPartsIsJoinedAndItsPartsCountAsProgress() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        TestProbe<ToWorker> other = worker(workers);
        String id = submitted(1, 10, 10);
        requestWork(worker, 1);
        ChunkTask task = assigned(worker);
        requestWork(other, 1);
        // Four parts 600 ms apart: the chunk stays with its worker past two 1 s chunk timeouts.
        List<ChunkPart> parts = List.of(new ChunkPart(worker.getRef(), id, 0, 0, Numbers.of(1, 4, 9), List.of()),
                new ChunkPart(worker.getRef(), id, 0, 3, Numbers.of(0, 25), List.of(new TaskError(3, "failed"))),
                new ChunkPart(worker.getRef(), id, 0, 5, Numbers.of(36, 49, 64), List.of()),
                new ChunkPart(worker.getRef(), id, 0, 8, Numbers.of(81), List.of()));
        for (ChunkPart part : parts) {
            manager.tell(part);
            other.expectNoMessage(Duration.ofMillis(600));
        }
        manager.tell(new ChunkDone(worker.getRef(), task.jobId(), task.chunkId(), Numbers.of(100), List.of(), 0, 0));

        JobStatus status = awaitEnd(id);
        assertEquals(JobState.FAILED, status.state());
        assertEquals(9, status.completed());
        assertEquals(1, status.failed());
        assertEquals("4", status.errors().get(0).input());
        JobEvent.ChunksCompleted stored = assertInstanceOf(JobEvent.ChunksCompleted.class,
                join(store.read(id, storedIn(id, 0))));
        JobEvent.ChunkResult result = stored.chunks().get(0);
        assertEquals(Numbers.of(1, 4, 9, 0, 25, 36, 49, 64, 81, 100), result.values());
        assertEquals(List.of(new TaskError(3, "failed")), result.errors());
        other.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void partsThatDoNotMakeUpTheirChunkAreDroppedAndTheChunkGoesOutAgainOnceOverdue() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        TestProbe<ToWorker> other = worker(workers);
        String id = submitted(1, 4, 4);
        requestWork(worker, 1);
        ChunkTask task = assigned(worker);
        // The part of inputs 1 and 2 never came.
        manager.tell(new ChunkPart(worker.getRef(), id, 0, 0, Numbers.of(1), List.of()));
        manager.tell(new ChunkDone(worker.getRef(), id, 0, Numbers.of(16), List.of(), 0, 0));
        requestWork(other, 1);
        assertEquals(task, assigned(other));
        answer(other, task, 0);
        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(4, status.completed());
    }

    @Test
    void pastMaxRunningJobsAJobIsRefusedAndItsDefinitionErased() throws Exception {
        submitted(1, 10, 5);
        submitted(1, 10, 5);
        assertEquals(new Busy(2, 2), submit(1, 10, 5));
        await().atMost(ANSWER).until(() -> join(store.jobIds()).size() == 2);
    }

    @Test
    void pastMaxWaitingRequestsARequestIsRefusedAtOnce() throws Exception {
        String id = submitted(1, 10, 5);
        TestProbe<StatusReply> waiting = kit.createTestProbe();
        manager.tell(new AwaitEnd(id, ANSWER, waiting.getRef()));
        TestProbe<ResultsReply> stream = kit.createTestProbe();
        manager.tell(new AwaitChunk(id, 0, stream.getRef()));
        stream.expectNoMessage(Duration.ofMillis(300));

        TestProbe<StatusReply> refused = kit.createTestProbe();
        manager.tell(new AwaitEnd(id, ANSWER, refused.getRef()));
        StatusReply reply = refused.receiveMessage(ANSWER);
        assertEquals(2, reply.tooManyWaiting());
        assertEquals(JobState.QUEUED, reply.status().orElseThrow().state());
        TestProbe<ResultsReply> refusedStream = kit.createTestProbe();
        manager.tell(new AwaitChunk(id, 1, refusedStream.getRef()));
        assertEquals(new TooManyWaiting(2), refusedStream.receiveMessage(ANSWER));
    }

    /**
     * The store's table goes away under the job manager: the results it could not write are
     * computed again, new jobs are refused meanwhile, and once the table is back all goes on.
     */
    @Test
    void whileTheStoreFailsResultsAreComputedAgainAndNewJobsRefused() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        String id = submitted(1, 4, 2);
        requestWork(worker, 1);
        ChunkTask first = assigned(worker);

        renameTable("job_events", "job_events_away");
        answer(worker, first, 0);
        await().atMost(ANSWER).until(() -> workers().storeProblem() != null);
        assertTrue(workers().storeProblem().contains("could not be written"), workers().storeProblem());
        TestProbe<SubmitReply> admitter = kit.createTestProbe();
        manager.tell(new JobManagerProtocol.Admit("j-refused", new byte[0], admitter.getRef()));
        assertInstanceOf(NotAccepted.class, admitter.receiveMessage(ANSWER));

        renameTable("job_events_away", "job_events");
        requestWork(worker, 2);
        List<ChunkTask> tasks = List.of(assigned(worker), assigned(worker));
        assertTrue(tasks.contains(first), "the chunk whose results were lost is computed again: " + tasks);
        tasks.forEach(task -> answer(worker, task, 0));
        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(4, status.completed());
        assertNull(workers().storeProblem());
        assertNotNull(submitted(1, 2, 2), "new jobs are accepted again");
    }

    @Test
    void theJobsOfTheStoreAreRecoveredAndEventsWithoutADefinitionErased() {
        InMemoryJobStore memory = new InMemoryJobStore();
        join(memory.append("j-queued", 1, submittedEvent("j-queued", 1)));
        join(memory.append("j-cancelled", 1, submittedEvent("j-cancelled", 2)));
        join(memory.append("j-cancelled", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(3))));
        join(memory.append("j-orphan", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(4))));
        // A submission still streaming its body: its definition comes later.
        join(memory.appendInputs("j-streaming", 0, Numbers.of(5, 6)));
        ActorRef<MasterCommand> recovered = kit.spawn(JobManager.create(SETTINGS, memory, false));
        TestProbe<JobManagerProtocol.JobList> jobs = kit.createTestProbe();
        recovered.tell(new JobManagerProtocol.ListJobs(jobs.getRef()));

        List<JobStatus> listed = jobs.receiveMessage(ANSWER).jobs();
        assertEquals(List.of("j-cancelled", "j-queued"), listed.stream().map(JobStatus::id).toList());
        assertEquals(List.of(JobState.CANCELLED, JobState.QUEUED), listed.stream().map(JobStatus::state).toList());
        await().atMost(ANSWER).until(() -> memory.events("j-orphan").isEmpty());
        assertEquals(1, memory.inputBlocks("j-streaming"), "inputs without a definition get a while");

        JobSpec spec = new JobSpec("square", new InputSource.Stored(PayloadType.INTEGER, 2, new long[] {2}, 0, 3), 2);
        assertInstanceOf(Accepted.class, join(new JobSubmission(kit.system(), recovered, memory)
                .submit("j-streaming", spec)));
        assertEquals(JobState.QUEUED, status(recovered, "j-streaming").state());
    }

    private JobStatus status(ActorRef<MasterCommand> of, String id) {
        TestProbe<StatusReply> asker = kit.createTestProbe();
        of.tell(new GetStatus(id, asker.getRef()));
        return asker.receiveMessage(ANSWER).status().orElseThrow();
    }

    @Test
    void aJobThatCannotBeReadBackFromAFailingStoreIsNotAcceptedAndTheStoreCountsAsFailing() {
        InMemoryJobStore memory = new InMemoryJobStore();
        ActorRef<MasterCommand> failing = kit.spawn(JobManager.create(SETTINGS, memory, false));
        // Recovery over first (it found no jobs), so that the job below is new to the job manager.
        TestProbe<JobManagerProtocol.JobList> jobs = kit.createTestProbe();
        failing.tell(new JobManagerProtocol.ListJobs(jobs.getRef()));
        assertEquals(List.of(), jobs.receiveMessage(ANSWER).jobs());
        join(memory.append("j-big", 1, submittedEvent("j-big", 1)));
        memory.failReads("the network is down");
        TestProbe<SubmitReply> reply = kit.createTestProbe();
        // No definition with the request: the job manager reads it from the store.
        failing.tell(new JobManagerProtocol.Admit("j-big", new byte[0], reply.getRef()));
        NotAccepted refused = assertInstanceOf(NotAccepted.class, reply.receiveMessage(ANSWER));
        assertTrue(refused.reason().startsWith("the job store failed while reading job j-big back"),
                refused.reason());
    }

    private static JobEvent.JobSubmitted submittedEvent(String id, long second) {
        return new JobEvent.JobSubmitted(id, new JobSpec("square",
                new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(10)), 5), Instant.ofEpochSecond(second));
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private void renameTable(String from, String to) throws SQLException {
        try (Connection connection = DriverManager.getConnection(storeSettings.url(), storeSettings.user(),
                storeSettings.password()); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    private static final WorkerProtocol.FunctionOffer SQUARE = new WorkerProtocol.FunctionOffer("square",
            WorkerProtocol.FunctionCall.BUILT_IN, PayloadType.INTEGER, PayloadType.INTEGER);
    private static final WorkerProtocol.FunctionOffer ECHO = new WorkerProtocol.FunctionOffer("echo", "1.0",
            PayloadType.TEXT, PayloadType.TEXT);

    private JobStatus status(String id) {
        TestProbe<StatusReply> asker = kit.createTestProbe();
        manager.tell(new GetStatus(id, asker.getRef()));
        return asker.receiveMessage(ANSWER).status().orElseThrow();
    }

    private String submittedEcho(String... inputs) throws Exception {
        JobSpec spec = new JobSpec(new WorkerProtocol.FunctionCall("echo", "1.0", "{\"loud\":true}", 0),
                PayloadType.TEXT, PayloadType.TEXT, new InputSource.Listed(Blobs.ofUtf8(inputs)), 1);
        return assertInstanceOf(Accepted.class, new JobSubmission(kit.system(), manager, store).submit(spec)
                .toCompletableFuture().get(ANSWER.toSeconds(), TimeUnit.SECONDS)).id();
    }

    @Test
    void aJobsChunksGoOnlyToWorkersOfferingItsFunctionAndItWaitsWhileNoneDoes() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> squares = worker(workers);
        manager.tell(new RequestWork(squares.getRef(), 2, List.of(SQUARE)));
        String echo = submittedEcho("a", "b");
        squares.expectNoMessage(Duration.ofMillis(300));
        JobStatus waiting = status(echo);
        assertEquals(JobState.QUEUED, waiting.state());
        assertEquals("no live worker offers echo@1.0: the job runs when one joins", waiting.waitingFor());

        String range = submitted(1, 2, 1);
        assertEquals(range, assigned(squares).jobId(), "the other job's chunks go on");
        assertEquals(range, assigned(squares).jobId());

        TestProbe<ToWorker> echoes = worker(workers);
        manager.tell(new RequestWork(echoes.getRef(), 2, List.of(SQUARE, ECHO)));
        List<ChunkTask> tasks = List.of(assigned(echoes), assigned(echoes));
        assertEquals(List.of(echo, echo), tasks.stream().map(ChunkTask::jobId).toList());
        assertEquals(new WorkerProtocol.FunctionCall("echo", "1.0", "{\"loud\":true}", 0), tasks.get(0).function());
        assertEquals(null, status(echo).waitingFor());
        for (ChunkTask task : tasks) {
            manager.tell(new ChunkDone(echoes.getRef(), echo, task.chunkId(),
                    Blobs.ofUtf8(((Blobs) task.inputs()).utf8At(0).toUpperCase()), List.of(), 1, 0));
        }
        assertEquals(JobState.SUCCEEDED, awaitEnd(echo).state());
    }

    /** A stored job of the integers 1..7 in blocks of 3, 3 and 1, in chunks of 2: chunk 1 spans two blocks. */
    private String submittedStored(String id, boolean lastBlock) throws Exception {
        join(store.appendInputs(id, 0, Numbers.of(1, 2, 3)));
        join(store.appendInputs(id, 1, Numbers.of(4, 5, 6)));
        if (lastBlock) {
            join(store.appendInputs(id, 2, Numbers.of(7)));
        }
        JobSpec spec = new JobSpec("square", new InputSource.Stored(PayloadType.INTEGER, 7, new long[] {3, 6, 7}, 0, 3),
                2);
        return assertInstanceOf(Accepted.class, new JobSubmission(kit.system(), manager, store).submit(id, spec)
                .toCompletableFuture().get(ANSWER.toSeconds(), TimeUnit.SECONDS)).id();
    }

    @Test
    void theChunksOfAJobWhoseInputsAreStoredGoOutWithTheirInputsAndTheirResultsReadWithThem() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        String id = submittedStored("j-stored", true);
        requestWork(worker, 4);
        List<ChunkTask> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(assigned(worker));
        }
        tasks.sort(java.util.Comparator.comparingInt(ChunkTask::chunkId));
        assertEquals(List.of(Numbers.of(1, 2), Numbers.of(3, 4), Numbers.of(5, 6), Numbers.of(7)),
                tasks.stream().map(ChunkTask::inputs).toList());
        for (ChunkTask task : tasks.subList(0, 3)) {
            answer(worker, task, 0);
        }
        manager.tell(new ChunkDone(worker.getRef(), id, 3, Numbers.of(0), List.of(
                new WorkerProtocol.TaskError(0, "boom")), 0, 0));

        JobStatus status = awaitEnd(id);
        assertEquals(JobState.FAILED, status.state());
        assertEquals(6, status.completed());
        assertEquals("7", status.errors().get(0).input(), "the input handed out last is still held");
        io.computecluster.master.store.StoredResults results = new io.computecluster.master.store.StoredResults(
                new io.computecluster.master.store.ResultCache(1 << 20), store, id);
        StringBuilder lines = new StringBuilder();
        for (int chunk = 0; chunk < 4; chunk++) {
            lines.append(new String(join(results.lines(chunk, storedIn(id, chunk))).get(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals("1\t1\n2\t4\n3\t9\n4\t16\n5\t25\n6\t36\n7\terror: boom\n", lines.toString());
    }

    @Test
    void aStoredJobWhoseInputsCannotBeReadWaitsAndGoesOnOnceTheyCan() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        String id = submittedStored("j-late-block", false);
        requestWork(worker, 4);
        // Answered at once: a chunk unanswered for a second (SETTINGS) would go out again.
        for (int i = 0; i < 3; i++) {
            answer(worker, assigned(worker), 0);
        }
        worker.expectNoMessage(Duration.ofMillis(500));
        assertEquals(JobState.RUNNING, status(id).state(), "a store that fails a read does not fail the job");

        join(store.appendInputs(id, 2, Numbers.of(7)));
        ChunkTask last = assigned(worker);
        assertEquals(3, last.chunkId());
        assertEquals(Numbers.of(7), last.inputs());
        answer(worker, last, 0);
        assertEquals(JobState.SUCCEEDED, awaitEnd(id).state());
    }

    @Test
    void aLongListIsStoredInBlocksAndItsJobRunsFromThem() throws Exception {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 3L * i;
        }
        String id = assertInstanceOf(Accepted.class, new JobSubmission(kit.system(), manager, store).submit(
                new JobSpec("square", new InputSource.Listed(Numbers.of(values)), 3000)).toCompletableFuture()
                .get(ANSWER.toSeconds(), TimeUnit.SECONDS)).id();
        JobEvent.JobSubmitted definition = (JobEvent.JobSubmitted) join(store.read(id, 1));
        InputSource.Stored stored = assertInstanceOf(InputSource.Stored.class, definition.spec().inputs());
        assertEquals(3, stored.blocks(), "blocks of 4096");

        requestWork(worker, 4);
        long sum = 0;
        for (int i = 0; i < 4; i++) {
            ChunkTask task = assigned(worker);
            assertEquals(3L * 3000 * task.chunkId(), ((Numbers) task.inputs()).longAt(0));
            sum += task.inputs().size();
            answer(worker, task, 0);
        }
        assertEquals(10_000, sum);
        assertEquals(JobState.SUCCEEDED, awaitEnd(id).state());
    }

    @Test
    void aSubmissionWithTheKeyOfAKeptJobIsAnsweredWithThatJobUntilItIsDeleted() throws Exception {
        JobSpec range = new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.TEN), 5);
        JobSubmission submission = new JobSubmission(kit.system(), manager, store);
        assertEquals(new Accepted("j-first", false), join(submission.submit("j-first", range, "key-1")));
        String first = "j-first";

        // A retry: the first job is the answer, and the retry's definition is erased.
        assertEquals(new Accepted(first, true), join(submission.submit("j-retry", range, "key-1")));
        await().atMost(ANSWER).until(() -> !join(store.jobIds()).contains("j-retry"));
        // The same for a long list, whose definition the job manager reads back from the store.
        long[] values = new long[JobSubmission.INLINE_INPUTS + 1];
        assertEquals(new Accepted(first, true), join(submission.submit("j-list", new JobSpec("square",
                new InputSource.Listed(Numbers.of(values)), 500), "key-1")));
        await().atMost(ANSWER).until(() -> !join(store.jobIds()).contains("j-list"));
        assertEquals(java.util.Optional.of(first), keptJob(manager, "key-1"));
        assertEquals(java.util.Optional.empty(), keptJob(manager, "key-2"));

        // A job manager that recovers the jobs from the store knows their keys.
        ActorRef<MasterCommand> recovered = kit.spawn(JobManager.create(SETTINGS, store, false));
        assertEquals(java.util.Optional.of(first), keptJob(recovered, "key-1"));
        kit.stop(recovered);

        // Cancelled, then deleted: the key is free again.
        TestProbe<StatusReply> cancel = kit.createTestProbe();
        manager.tell(new JobManagerProtocol.Cancel(first, cancel.getRef()));
        cancel.receiveMessage(ANSWER);
        assertEquals(java.util.Optional.of(first), keptJob(manager, "key-1"), "a cancelled job is kept");
        manager.tell(new JobManagerProtocol.Cancel(first, cancel.getRef()));
        cancel.receiveMessage(ANSWER);
        assertEquals(java.util.Optional.empty(), keptJob(manager, "key-1"));
        assertEquals(new Accepted("j-second", false), join(submission.submit("j-second", range, "key-1")));
    }

    /** Two submissions with one key stored while no job manager ran: the first is the key's job, the other goes. */
    @Test
    void aRecoveredSubmissionWhoseKeyAnEarlierJobHoldsIsErased() {
        InMemoryJobStore memory = new InMemoryJobStore();
        JobSpec range = new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.TEN), 5);
        join(memory.append("j-later", 1, new JobEvent.JobSubmitted("j-later", range, Instant.ofEpochSecond(2), "k")));
        join(memory.append("j-first", 1, new JobEvent.JobSubmitted("j-first", range, Instant.ofEpochSecond(1), "k")));
        join(memory.append("j-other", 1, new JobEvent.JobSubmitted("j-other", range, Instant.ofEpochSecond(3), "o")));
        ActorRef<MasterCommand> recovered = kit.spawn(JobManager.create(SETTINGS, memory, false));

        assertEquals(java.util.Optional.of("j-first"), keptJob(recovered, "k"));
        assertEquals(java.util.Optional.of("j-other"), keptJob(recovered, "o"));
        TestProbe<JobManagerProtocol.JobList> jobs = kit.createTestProbe();
        recovered.tell(new JobManagerProtocol.ListJobs(jobs.getRef()));
        assertEquals(List.of("j-other", "j-first"), jobs.receiveMessage(ANSWER).jobs().stream().map(JobStatus::id)
                .toList());
        await().atMost(ANSWER).until(() -> memory.events("j-later").isEmpty());
        // The later one's submitter, still waiting for its answer, gets the first job.
        TestProbe<SubmitReply> admitter = kit.createTestProbe();
        recovered.tell(new JobManagerProtocol.Admit("j-later", new byte[0], "k", admitter.getRef()));
        assertEquals(new Accepted("j-first", true), admitter.receiveMessage(ANSWER));
    }

    private java.util.Optional<String> keptJob(ActorRef<MasterCommand> of, String key) {
        TestProbe<JobManagerProtocol.KeptJob> asker = kit.createTestProbe();
        of.tell(new JobManagerProtocol.FindByKey(key, asker.getRef()));
        return asker.receiveMessage(ANSWER).id();
    }

    private long storedIn(String id, int chunk) {
        TestProbe<ResultsReply> asker = kit.createTestProbe();
        manager.tell(new AwaitChunk(id, chunk, asker.getRef()));
        return ((JobManagerProtocol.ChunkStored) asker.receiveMessage(ANSWER)).sequenceNr();
    }

    @Test
    void theFunctionsAreListedWithTheNodesOfferingThemNow() {
        List<TestProbe<ToWorker>> workers = new ArrayList<>();
        TestProbe<ToWorker> worker = worker(workers);
        manager.tell(new RequestWork(worker.getRef(), 1, List.of(SQUARE, ECHO)));
        TestProbe<JobManagerProtocol.Functions> asker = kit.createTestProbe();
        manager.tell(new JobManagerProtocol.GetFunctions(asker.getRef()));
        List<FunctionInfo> listed = asker.receiveMessage(ANSWER).functions();
        assertEquals(List.of("echo@1.0", "square@built-in"), listed.stream().map(FunctionInfo::key).toList());
        assertEquals(1, listed.get(0).nodes().size());

        manager.tell(new Membership.WorkersListed(Set.of()));
        manager.tell(new JobManagerProtocol.GetFunctions(asker.getRef()));
        List<FunctionInfo> gone = asker.receiveMessage(ANSWER).functions();
        assertEquals(List.of("echo@1.0", "square@built-in"), gone.stream().map(FunctionInfo::key).toList(),
                "what was offered before is still known");
        assertEquals(List.of(), gone.get(0).nodes());
    }
}
