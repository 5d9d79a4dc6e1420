package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.function.FunctionInfo;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Text and NDJSON bodies are streamed into the job store in blocks as they are read, typed as the
 * parser types a whole body; what a refused body stored is erased.
 */
class RouteStreamedBodyTest {
    private static final JUnit5RouteTest kit = new JUnit5RouteTest();
    private static final FunctionInfo ECHO = new FunctionInfo("echo", "1.0", PayloadType.TEXT, PayloadType.TEXT,
            List.of("127.0.0.1:40001"));
    private static final ContentType NDJSON = ContentTypes.create(MediaTypes.applicationWithOpenCharset("x-ndjson"),
            org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8);

    private final InMemoryJobManager jobManager = new InMemoryJobManager();
    private final ApiFixture fixture = new ApiFixture(kit).maxInputs(1_000_000);
    private final TestRoute api = fixture.route(jobManager);

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static HttpRequest text(String query, String body) {
        // Chunked, as a client streaming a file sends it: the body arrives in pieces of 64 KiB.
        ByteString bytes = ByteString.fromString(body);
        List<ByteString> pieces = new java.util.ArrayList<>();
        for (int at = 0; at < bytes.size(); at += 65_536) {
            pieces.add(bytes.slice(at, Math.min(bytes.size(), at + 65_536)));
        }
        return HttpRequest.POST("/jobs" + query).withEntity(HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8,
                Source.from(pieces)));
    }

    @Test
    void aBodyOf300000LinesIsStoredInBlocksNotKeptAsAList() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            body.append(i).append('\n');
        }
        String id = api.run(text("?function=square", body.toString())).assertStatusCode(202).entityString()
                .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        JobSpec spec = jobManager.submitted().get(0);
        InputSource.Stored stored = assertInstanceOf(InputSource.Stored.class, spec.inputs());
        assertEquals(300_000, stored.total());
        assertEquals(74, stored.blocks(), "blocks of 4096 inputs");
        assertEquals(74, jobManager.store().inputBlocks(id));
        Numbers block = (Numbers) jobManager.store().readInputs(id, 10).toCompletableFuture().join();
        assertEquals(4096, block.size());
        assertEquals(4096L * 10, block.longAt(0));
        assertEquals(4096L * 11 - 1, block.longAt(4095));
        assertEquals(19, stored.maxBitLength());
        JobSpec whole = new JobRequestParser(fixture.settings()).fromText(new StringReader(body.toString()),
                Optional.of("square"), Optional.empty());
        assertEquals(whole.chunkSize(), spec.chunkSize(), "chunks as for a list");
        assertEquals(whole.inputs().maxBitLength(), stored.maxBitLength());
    }

    @Test
    void linesAreTypedAsTheParserTypesAWholeBody() {
        jobManager.offer(ECHO);
        String body = "a\r\nb\r\n\r\n  c \r\nlast";
        api.run(text("?function=echo&chunkSize=2&args=%7B%22x%22:1%7D", body)).assertStatusCode(202);

        JobSpec whole = new JobRequestParser(fixture.settings()).fromText(new StringReader(body),
                Optional.of("echo"), Optional.of("{\"x\":1}"), Optional.of("2"), Optional.empty(), List.of(ECHO));
        assertEquals(whole, jobManager.submitted().get(0));
        assertEquals(Blobs.ofUtf8("a", "b", "", "  c ", "last"),
                ((InputSource.Listed) jobManager.submitted().get(0).inputs()).values(), "a small body stays a list");

        api.run(HttpRequest.POST("/jobs?function=echo").withEntity(NDJSON, ByteString.fromString("\"x\"\n\n\"y\"\n"))).assertStatusCode(202);
        assertEquals(Blobs.ofUtf8("x", "y"), ((InputSource.Listed) jobManager.submitted().get(1).inputs()).values());
    }

    @Test
    void aBadLineAfterSomeBlocksWereStoredIsRefusedWithItsNumberAndTheBlocksErased() {
        String body = "1\n".repeat(9000) + "x\n" + "2\n".repeat(10);
        api.run(text("?function=square", body)).assertStatusCode(400)
                .assertEntity("{\"error\":\"line 9001: not an integer: 'x'\",\"line\":9001}");
        assertEquals(List.of(), jobManager.submitted());
        String id = jobManager.abandoned().get(0);
        assertEquals(0, jobManager.store().inputBlocks(id), "the two blocks stored are erased");

        api.run(text("?function=square", "\n \n")).assertStatusCode(400)
                .assertEntity("{\"error\":\"no integers: a job needs at least one input\"}");
    }

    @Test
    void aLineLongerThanAnyInputMayBeIsRefusedWithItsNumber() {
        jobManager.offer(ECHO);
        String body = "a\r\nb\n" + "z".repeat(200_000) + "\nc\n";
        api.run(text("?function=echo", body)).assertStatusCode(413).assertEntity("{\"error\":\"line 3: more than "
                + (96 * 1024 + 1024) + " bytes, longer than one input may be in a cluster message"
                + " (compute.master.max-message-bytes)\",\"line\":3}");
    }
}
