package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.master.MasterSettings;
import io.computecluster.master.function.FunctionInfo;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jobs of plug-in functions: how a request reads by the function's payload types. */
class JobRequestParserFunctionsTest {
    private static final List<FunctionInfo> OFFERED = List.of(
            new FunctionInfo("square", FunctionCall.BUILT_IN, PayloadType.INTEGER, PayloadType.INTEGER, List.of("a:1")),
            new FunctionInfo("sha256", "1.1.0", PayloadType.TEXT, PayloadType.TEXT, List.of("a:1")),
            new FunctionInfo("sha256", "1.0.0", PayloadType.TEXT, PayloadType.TEXT, List.of("b:1")),
            new FunctionInfo("factor", "1.0.0", PayloadType.INTEGER, PayloadType.JSON, List.of()),
            new FunctionInfo("geo-distance", "1.0.0", PayloadType.JSON, PayloadType.JSON, List.of("a:1")),
            new FunctionInfo("gzip", "2", PayloadType.BYTES, PayloadType.BYTES, List.of("a:1")));

    private final HttpApiSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of())).http();
    private final JobRequestParser parser = new JobRequestParser(settings);

    private JobSpec json(String body) {
        return parser.fromJson(body.getBytes(StandardCharsets.UTF_8), OFFERED);
    }

    private ApiError refused(String body) {
        return assertThrows(ApiError.class, () -> json(body), body);
    }

    private static Blobs blobs(JobSpec spec) {
        return assertInstanceOf(Blobs.class, assertInstanceOf(InputSource.Listed.class, spec.inputs()).values());
    }

    @Test
    void aTextJobRunsTheNewestLiveVersionWithItsArgsAndTimeout() {
        JobSpec spec = json("{\"function\":\"sha256\",\"inputs\":[\"\",\"héllo\",\"a\\nb\"],\"args\":{\"rounds\":3},"
                + "\"taskTimeout\":\"1500ms\"}");
        assertEquals(new FunctionCall("sha256", "1.1.0", "{\"rounds\":3}", 1500), spec.call());
        assertEquals(PayloadType.TEXT, spec.inputType());
        assertEquals(Blobs.ofUtf8("", "héllo", "a\nb"), blobs(spec));
        assertEquals(1, spec.chunkSize(), "a plug-in function's few inputs spread over many chunks");
    }

    @Test
    void aJobMayNameAVersion() {
        assertEquals("1.0.0", json("{\"function\":\"sha256@1.0.0\",\"inputs\":[\"x\"]}").call().version());
        ApiError unknown = refused("{\"function\":\"sha256@7\",\"inputs\":[\"x\"]}");
        assertTrue(unknown.getMessage().startsWith("function sha256@7 has not been offered by any worker: the"
                + " functions workers offer are square, sha256@1.1.0, sha256@1.0.0, factor@1.0.0"), unknown.getMessage());
    }

    @Test
    void aFunctionNoWorkerOfferedIsRefusedNamingTheOffered() {
        ApiError unknown = refused("{\"function\":\"md5\",\"inputs\":[\"x\"]}");
        assertEquals(400, unknown.status.intValue());
        assertEquals("unknown function 'md5': the functions workers offer are square, sha256@1.1.0, sha256@1.0.0,"
                + " factor@1.0.0, geo-distance@1.0.0, gzip@2", unknown.getMessage());
    }

    @Test
    void aFunctionOfferedBeforeButByNoLiveWorkerIsTakenToWait() {
        JobSpec spec = json("{\"function\":\"factor\",\"range\":{\"from\":\"2\",\"to\":\"2001\"}}");
        assertEquals(new FunctionCall("factor", "1.0.0", null, 0), spec.call());
        assertEquals(PayloadType.JSON, spec.outputType());
        assertEquals(32, spec.chunkSize(), "2,000 inputs in about 64 chunks");
        assertTrue(json("{\"function\":\"factor\",\"inputs\":[\"12\",30]}").inputs().slice(0, 2) instanceof Numbers);
    }

    @Test
    void jsonInputsAreKeptAsCompactJsonAndBytesAsTheirDecodedBase64() {
        JobSpec geo = json("{\"function\":\"geo-distance\",\"inputs\":[{\"from\": {\"lat\": 1}}, [1, 2], \"s\", 3.5, null]}");
        Blobs values = blobs(geo);
        assertEquals("{\"from\":{\"lat\":1}}", values.utf8At(0));
        assertEquals("[1,2]", values.utf8At(1));
        assertEquals("\"s\"", values.utf8At(2));
        assertEquals("3.5", values.utf8At(3));
        assertEquals("null", values.utf8At(4));
        Blobs bytes = blobs(json("{\"function\":\"gzip\",\"inputs\":[\"AAEC/w==\"]}"));
        assertArrayEquals(new byte[] {0, 1, 2, -1}, bytes.bytesAt(0));
    }

    @Test
    void inputsOfTheWrongKindAreRefusedNamingTheirPlace() {
        ApiError notText = refused("{\"function\":\"sha256\",\"inputs\":[\"a\",12]}");
        assertEquals("inputs[1]: expected a string (sha256 takes text), got 12", notText.getMessage());
        assertEquals(2, notText.line);
        ApiError notBase64 = refused("{\"function\":\"gzip\",\"inputs\":[\"***\"]}");
        assertTrue(notBase64.getMessage().startsWith("inputs[0]: expected base64"), notBase64.getMessage());
        ApiError range = refused("{\"function\":\"sha256\",\"range\":{\"from\":\"1\",\"to\":\"2\"}}");
        assertEquals("range: only for functions of integers; sha256 takes text: give \"inputs\"", range.getMessage());
        ApiError args = refused("{\"function\":\"sha256\",\"inputs\":[\"a\"],\"args\":[1]}");
        assertEquals("args: expected a JSON object, got [1]", args.getMessage());
        ApiError timeout = refused("{\"function\":\"sha256\",\"inputs\":[\"a\"],\"taskTimeout\":\"soon\"}");
        assertEquals("taskTimeout: expected a duration such as 500ms, 30s or 5m, got 'soon'", timeout.getMessage());
    }

    @Test
    void anInputTooLargeForAClusterMessageIsRefusedNamingItsPosition() {
        String big = "x".repeat((int) (settings.maxMessageBytes() / 2) + 1);
        ApiError tooLarge = refused("{\"function\":\"sha256\",\"inputs\":[\"a\",\"" + big + "\"]}");
        assertEquals(413, tooLarge.status.intValue());
        assertTrue(tooLarge.getMessage().startsWith("inputs[1]: " + big.length() + " bytes, more than the "),
                tooLarge.getMessage());
    }

    @Test
    void textLinesAreTextInputsEveryOneOfThemAndJsonLinesAreJsonValues() {
        JobSpec text = parser.fromText(new StringReader("alpha\n\n  spaced \t\nlast"), Optional.of("sha256"),
                Optional.of("{\"rounds\": 2}"), Optional.empty(), Optional.of("2s"), OFFERED);
        assertEquals(Blobs.ofUtf8("alpha", "", "  spaced \t", "last"), blobs(text));
        assertEquals(new FunctionCall("sha256", "1.1.0", "{\"rounds\":2}", 2000), text.call());
        JobSpec geo = parser.fromText(new StringReader("{\"a\": 1}\n\n[true]\n"), Optional.of("geo-distance"),
                Optional.empty(), Optional.of("7"), Optional.empty(), OFFERED);
        assertEquals(Blobs.ofUtf8("{\"a\":1}", "[true]"), blobs(geo));
        assertEquals(7, geo.chunkSize());
        ApiError bad = assertThrows(ApiError.class, () -> parser.fromText(new StringReader("{}\n{oops\n"),
                Optional.of("geo-distance"), Optional.empty(), Optional.empty(), Optional.empty(), OFFERED));
        assertEquals(2, bad.line);
        assertTrue(bad.getMessage().startsWith("line 2: malformed JSON"), bad.getMessage());
        JobSpec squares = parser.fromText(new StringReader("3\n\n-4\n"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), OFFERED);
        assertEquals(Numbers.of(3, -4), ((InputSource.Listed) squares.inputs()).values());
    }

    @Test
    void ndjsonLinesAreReadAsTheInputsArrayHoldsThem() {
        JobSpec spec = parser.fromNdjson(new StringReader("\"a\"\n\n\"b c\"\n"), Optional.of("sha256"),
                Optional.empty(), Optional.empty(), Optional.empty(), OFFERED);
        assertEquals(Blobs.ofUtf8("a", "b c"), blobs(spec));
        assertNull(spec.call().args());
        ApiError notText = assertThrows(ApiError.class, () -> parser.fromNdjson(new StringReader("\"a\"\n5\n"),
                Optional.of("sha256"), Optional.empty(), Optional.empty(), Optional.empty(), OFFERED));
        assertEquals("line 2: expected a string (sha256 takes text), got 5", notText.getMessage());
        ApiError twoValues = assertThrows(ApiError.class, () -> parser.fromNdjson(new StringReader("\"a\" \"b\"\n"),
                Optional.of("sha256"), Optional.empty(), Optional.empty(), Optional.empty(), OFFERED));
        assertTrue(twoValues.getMessage().startsWith("line 1: malformed JSON"), twoValues.getMessage());
    }
}
