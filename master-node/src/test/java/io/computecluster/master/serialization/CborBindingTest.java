package io.computecluster.master.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.manager.JobManagerProtocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The master's messages between master nodes go as Jackson CBOR, and only the classes bound to it. */
class CborBindingTest {
    private static ActorTestKit testKit;
    private static Serialization serialization;

    /** A class bound to nothing. */
    record Unbound(String text) {
    }

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("cbor",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static JobManagerProtocol.StatusReply statusReply() {
        return new JobManagerProtocol.StatusReply(Optional.of(new JobStatus("j-1", "square", "1..10", JobState.RUNNING,
                10, 4, 0, 5, "2026-12-02T08:00:00Z", null, 12, 300, List.of(), Map.of("127.0.0.1:1", 4L), "built-in", null)));
    }

    @Test
    void theJobManagersRepliesAreBoundToJacksonCborAndRoundTrip() {
        Serializer serializer = serialization.findSerializerFor(statusReply());
        assertTrue(serializer.getClass().getName().contains("JacksonCborSerializer"), serializer.getClass().getName());
        assertEquals(statusReply(), new SerializationTestKit(testKit.system()).verifySerialization(statusReply(), true));
    }

    @Test
    void jacksonCborBuildsOnlyTheClassesBoundToIt() {
        Serializer cbor = serialization.findSerializerFor(statusReply());
        byte[] bytes = serialization.serialize(statusReply()).get();
        assertTrue(serialization.deserialize(bytes, cbor.identifier(), Unbound.class.getName()).isFailure(),
                "an unbound class must not deserialize");
        assertTrue(serialization.deserialize(bytes, cbor.identifier(), "java.util.HashMap").isFailure(),
                "a JDK class must not deserialize");
        assertTrue(serialization.serialize(new Unbound("x")).isFailure(), "an unbound class must not serialize");
    }
}
