package io.computecluster.compute.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which master a call goes to, when it moves on, what it tells, and when it gives up. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MasterFailoverTest {
    private static final URI A = URI.create("http://10.0.0.1:8080");
    private static final URI B = URI.create("http://10.0.0.2:8080");
    private static final URI C = URI.create("http://10.0.0.3:8080");

    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
    /** The masters each call was tried on, in order. */
    private final List<URI> tried = new ArrayList<>();
    /** How many more times each master fails; missing: it answers. */
    private final Map<URI, Integer> failuresLeft = new HashMap<>();
    private final Map<URI, IOException> failure = new HashMap<>();

    @Test
    void theFirstMasterThatAnswersIsUsedAndNothingIsTold() throws Exception {
        MasterFailover masters = failover(Duration.ofSeconds(5), A, B);
        assertEquals(A, masters.call(this::answer));
        assertEquals(List.of(A), tried);
        assertEquals(List.of(), notices());
    }

    @Test
    void aMasterThatStopsAnsweringIsLeftForTheNextWithOneLine() throws Exception {
        MasterFailover masters = failover(Duration.ofSeconds(5), A, B);
        failsOnce(A, refused(A));

        assertEquals(B, masters.call(this::answer));
        assertEquals(B, masters.call(this::answer), "the master that answered stays in use");
        assertEquals(List.of(A, B, B), tried);
        assertEquals(List.of("master " + A + " stopped answering (connection refused); going on with " + B), notices());
    }

    @Test
    void switchesGoRoundRobinAndWrapAround() throws Exception {
        MasterFailover masters = failover(Duration.ofSeconds(5), A, B, C);
        failsOnce(A, refused(A));
        assertEquals(B, masters.call(this::answer));
        failsOnce(B, refused(B));
        failsOnce(C, refused(C));

        assertEquals(A, masters.call(this::answer));
        assertEquals(List.of(A, B, B, C, A), tried);
        assertEquals(3, notices().size(), notices().toString());
        assertEquals("master " + C + " stopped answering (connection refused); going on with " + A, notices().get(2));
    }

    @Test
    void anAnswer503IsLeftLikeAnUnreachableMaster() throws Exception {
        MasterFailover masters = failover(Duration.ofSeconds(5), A, B);
        failsOnce(A, new ApiException(503, "the active master is moving", 0, A));

        assertEquals(B, masters.call(this::answer));
        assertEquals(List.of("master " + A + " stopped answering (the active master is moving (HTTP 503)); going on"
                + " with " + B), notices());
    }

    @Test
    void anyOtherAnswerIsFinal() {
        MasterFailover masters = failover(Duration.ofSeconds(5), A, B);
        ApiException notFound = new ApiException(404, "no such job", 0, A);
        failsOnce(A, notFound);

        assertSame(notFound, assertThrows(ApiException.class, () -> masters.call(this::answer)));
        assertEquals(List.of(A), tried);
        assertEquals(List.of(), notices());
    }

    @Test
    void aLoneMasterWithoutPatienceFailsAtOnceWithItsOwnError() {
        MasterFailover masters = failover(Duration.ZERO, A);
        MasterUnreachableException refused = refused(A);
        failsOnce(A, refused);

        assertSame(refused, assertThrows(MasterUnreachableException.class, () -> masters.call(this::answer)));
        assertEquals(List.of(A), tried);
        assertEquals(List.of(), notices());
    }

    @Test
    void aLoneMasterIsAskedAgainForAsLongAsTheCallerAsks() throws Exception {
        MasterFailover masters = failover(Duration.ZERO, A);
        failuresLeft.put(A, 2);
        failure.put(A, new ApiException(503, "busy", 0, A));

        assertEquals(A, masters.call(this::answer, Duration.ofSeconds(5)));
        assertEquals(List.of(A, A, A), tried);
        assertEquals(List.of(), notices(), "no one to switch to, nothing to tell");
    }

    @Test
    void laterRoundsAreQuietAndTheMasterThatAnswersInTheEndIsTold() throws Exception {
        MasterFailover masters = failover(Duration.ofSeconds(10), A, B);
        failuresLeft.put(A, Integer.MAX_VALUE);
        failure.put(A, refused(A));
        failuresLeft.put(B, 3);
        failure.put(B, new ApiException(503, "the active master is moving", 0, B));

        assertEquals(B, masters.call(this::answer));
        assertEquals(List.of(A, B, A, B, A, B, A, B), tried);
        assertEquals(List.of(
                "master " + A + " stopped answering (connection refused); going on with " + B,
                "master " + B + " stopped answering (the active master is moving (HTTP 503)); going on with " + A,
                "master " + B + " answers; going on with it"), notices());
    }

    @Test
    void pastThePatienceTheErrorNamesEveryAddressAndWhy() {
        MasterFailover masters = failover(Duration.ofSeconds(1), A, B);
        failuresLeft.put(A, Integer.MAX_VALUE);
        failure.put(A, refused(A));
        failuresLeft.put(B, Integer.MAX_VALUE);
        failure.put(B, new ApiException(503, "service unavailable (HTTP 503)", 0, B));

        long start = System.nanoTime();
        MasterUnreachableException e = assertThrows(MasterUnreachableException.class, () -> masters.call(this::answer));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals("master unreachable at " + A + ": connection refused; at " + B + ": service unavailable"
                + " (HTTP 503) (kept trying for 1 s)", e.getMessage());
        assertTrue(millis >= 1000 && millis < 5000, millis + " ms");
        // Pauses of 250 ms and more between rounds: a handful of rounds, not a busy loop.
        assertTrue(tried.size() >= 4 && tried.size() <= 12, tried.size() + " attempts");
        assertEquals(0, tried.size() % 2, "whole rounds: " + tried);
        assertEquals(2, notices().size(), notices().toString());
    }

    private MasterFailover failover(Duration patience, URI... addresses) {
        List<ApiClient> clients = Arrays.stream(addresses).map(ApiClient::new).toList();
        return new MasterFailover(clients, patience, new PrintStream(notices, true, StandardCharsets.UTF_8)::println);
    }

    private void failsOnce(URI api, IOException e) {
        failuresLeft.put(api, 1);
        failure.put(api, e);
    }

    /** The call under test: fails as set up, else answers with the master's address. */
    private URI answer(ApiClient master) throws IOException {
        URI api = master.api();
        tried.add(api);
        int left = failuresLeft.getOrDefault(api, 0);
        if (left > 0) {
            failuresLeft.put(api, left - 1);
            throw failure.get(api);
        }
        return api;
    }

    private static MasterUnreachableException refused(URI api) {
        return new MasterUnreachableException(api, "connection refused", null);
    }

    private List<String> notices() {
        return notices.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
