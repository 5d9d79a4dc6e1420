package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class LargeBodyGateTest {

    @Test
    void oneBodyAtATimeInTheOrderTheyCame() {
        LargeBodyGate gate = new LargeBodyGate();
        CompletableFuture<Void> first = gate.enter().toCompletableFuture();
        CompletableFuture<Void> second = gate.enter().toCompletableFuture();
        CompletableFuture<Void> third = gate.enter().toCompletableFuture();
        assertTrue(first.isDone());
        assertFalse(second.isDone(), "waits for the first");
        assertEquals(2, gate.waiting());
        gate.leave();
        assertTrue(second.isDone());
        assertFalse(third.isDone());
        gate.leave();
        assertTrue(third.isDone());
        gate.leave();
        assertTrue(gate.enter().toCompletableFuture().isDone(), "free again once all have left");
    }

    @Test
    void largeMeansPastAMebibyteOrOfUnknownLength() {
        assertFalse(LargeBodyGate.isLarge(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "1\n2\n")));
        assertFalse(LargeBodyGate.isLarge(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                new byte[(int) LargeBodyGate.LARGE_BYTES])));
        assertTrue(LargeBodyGate.isLarge(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                new byte[(int) LargeBodyGate.LARGE_BYTES + 1])));
        assertTrue(LargeBodyGate.isLarge(HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8,
                Source.single(ByteString.fromString("1\n")))));
    }
}
