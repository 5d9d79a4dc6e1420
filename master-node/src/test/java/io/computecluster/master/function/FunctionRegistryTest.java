package io.computecluster.master.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionRegistryTest {
    private static final FunctionOffer SQUARE = new FunctionOffer("square", FunctionCall.BUILT_IN, PayloadType.INTEGER,
            PayloadType.INTEGER);
    private static final FunctionOffer SHA_1 = new FunctionOffer("sha256", "1.0.0", PayloadType.TEXT, PayloadType.TEXT);
    private static final FunctionOffer SHA_2 = new FunctionOffer("sha256", "1.10.0", PayloadType.TEXT, PayloadType.TEXT);
    private static final FunctionOffer FACTOR = new FunctionOffer("factor", "1.0.0", PayloadType.INTEGER,
            PayloadType.JSON);

    private final FunctionRegistry registry = new FunctionRegistry();

    @Test
    void squareIsKnownBeforeAnyWorkerOffersIt() {
        List<FunctionInfo> listing = registry.listing(Map.of());
        assertEquals(List.of(new FunctionInfo("square", "built-in", PayloadType.INTEGER, PayloadType.INTEGER,
                List.of())), listing);
        assertEquals("square", FunctionRegistry.resolve(listing, "square", Optional.empty()).orElseThrow().name());
    }

    @Test
    void theListingShowsEachVersionWithTheNodesOfferingItNowNewestFirst() {
        registry.offered(List.of(SQUARE, SHA_1, FACTOR));
        registry.offered(List.of(SQUARE, SHA_2));
        List<FunctionInfo> listing = registry.listing(Map.of(
                "10.0.0.1:2552", List.of(SQUARE, SHA_1, FACTOR),
                "10.0.0.2:2552", List.of(SQUARE, SHA_2)));
        assertEquals(List.of(
                new FunctionInfo("factor", "1.0.0", PayloadType.INTEGER, PayloadType.JSON, List.of("10.0.0.1:2552")),
                new FunctionInfo("sha256", "1.10.0", PayloadType.TEXT, PayloadType.TEXT, List.of("10.0.0.2:2552")),
                new FunctionInfo("sha256", "1.0.0", PayloadType.TEXT, PayloadType.TEXT, List.of("10.0.0.1:2552")),
                new FunctionInfo("square", "built-in", PayloadType.INTEGER, PayloadType.INTEGER,
                        List.of("10.0.0.1:2552", "10.0.0.2:2552"))), listing);
    }

    @Test
    void aJobRunsTheVersionItNamesElseTheNewestLiveElseTheNewestSeen() {
        registry.offered(List.of(SHA_1, SHA_2));
        List<FunctionInfo> bothLive = registry.listing(Map.of("a:1", List.of(SHA_1), "b:1", List.of(SHA_2)));
        assertEquals("1.10.0", FunctionRegistry.resolve(bothLive, "sha256", Optional.empty()).orElseThrow().version());
        assertEquals("1.0.0", FunctionRegistry.resolve(bothLive, "sha256", Optional.of("1.0.0")).orElseThrow()
                .version());
        List<FunctionInfo> oldLive = registry.listing(Map.of("a:1", List.of(SHA_1)));
        assertEquals("1.0.0", FunctionRegistry.resolve(oldLive, "sha256", Optional.empty()).orElseThrow().version(),
                "a live version wins over a newer one no worker offers now");
        List<FunctionInfo> noneLive = registry.listing(Map.of());
        assertEquals("1.10.0", FunctionRegistry.resolve(noneLive, "sha256", Optional.empty()).orElseThrow()
                .version(), "with none live, the job waits for the newest seen");
        assertTrue(FunctionRegistry.resolve(noneLive, "sha256", Optional.of("9")).isEmpty());
        assertTrue(FunctionRegistry.resolve(noneLive, "md5", Optional.empty()).isEmpty());
        assertEquals("sha256@1.10.0, sha256@1.0.0, square", FunctionRegistry.describe(noneLive));
    }

    @Test
    void aJobWaitsOnlyWhileNoLiveWorkerOffersItsFunction() {
        assertNull(FunctionRegistry.waitingFor(new FunctionCall("sha256", "1.0.0", null, 0), true));
        assertEquals("no live worker offers sha256@1.0.0: the job runs when one joins",
                FunctionRegistry.waitingFor(new FunctionCall("sha256", "1.0.0", null, 0), false));
        assertEquals("no live worker offers square: the job runs when one joins",
                FunctionRegistry.waitingFor(FunctionCall.builtIn("square"), false));
    }
}
