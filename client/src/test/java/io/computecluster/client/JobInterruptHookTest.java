package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.FakeMaster;
import io.computecluster.compute.http.MasterFailover;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What Ctrl-C does while {@code submit} waits: the hook's work, run directly. */
class JobInterruptHookTest {
    private static final String ID = FakeMaster.JOB_ID;
    private final Captured captured = new Captured();

    private JobInterruptHook hook(FakeMaster master, boolean cancel, Duration timeout) {
        JobInterruptHook hook = new JobInterruptHook(cancel, MasterFailover.single(new ApiClient(master.api())),
                captured.errStream, timeout);
        hook.submitted(ID);
        return hook;
    }

    @Test
    void cancelsAWaitingJobAndSaysSoInOneLine() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 10, 1, 0, "")) {
            hook(master, true, Duration.ofSeconds(5)).interrupted();

            assertEquals(1, master.cancels.get());
            assertEquals("interrupted: cancelled job " + ID + " (--keep-on-interrupt leaves it running)",
                    captured.err().strip());
        }
    }

    @Test
    void keepOnInterruptLeavesTheJobRunning() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 10, 1, 0, "")) {
            hook(master, false, Duration.ofSeconds(5)).interrupted();

            assertEquals(0, master.cancels.get());
            assertEquals("interrupted: job " + ID + " keeps running; bin/compute status " + ID, captured.err().strip());
        }
    }

    @Test
    void anEndedJobIsNotCancelledSinceThatWouldForgetItsResults() throws Exception {
        try (FakeMaster master = new FakeMaster().status("SUCCEEDED", 10, 10, 0, "")) {
            JobInterruptHook hook = hook(master, true, Duration.ofSeconds(5));
            hook.jobEnded();
            hook.interrupted();

            assertEquals(0, master.cancels.get());
            assertTrue(captured.err().startsWith("interrupted: job " + ID + " has ended"), captured.err());
        }
    }

    @Test
    void beforeTheMasterAnswersTheSubmissionNothingIsCancelled() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            new JobInterruptHook(true, MasterFailover.single(new ApiClient(master.api())), captured.errStream,
                    Duration.ofSeconds(5)).interrupted();

            assertEquals(0, master.cancels.get());
            assertTrue(captured.err().startsWith("interrupted before the master answered the submission"),
                    captured.err());
        }
    }

    @Test
    void aMasterThatDoesNotAnswerHoldsTheExitUpOnlySoLong() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            URI api = URI.create("http://127.0.0.1:" + silent.getAddress().getPort());
            JobInterruptHook hook = new JobInterruptHook(true, MasterFailover.single(new ApiClient(api)),
                    captured.errStream, Duration.ofMillis(300));
            hook.submitted(ID);
            long start = System.nanoTime();
            hook.interrupted();

            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "bounded");
            assertTrue(captured.err().startsWith("interrupted: the master did not answer the cancellation of job "
                    + ID), captured.err());
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }
}
