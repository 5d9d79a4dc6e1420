package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.MasterSettings;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestParserTest {
    private static final int BAD_REQUEST = StatusCodes.BAD_REQUEST.intValue();
    private static final int TOO_LARGE = StatusCodes.PAYLOAD_TOO_LARGE.intValue();

    private final HttpApiSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of())).http();
    private final JobRequestParser parser = new JobRequestParser(settings);

    private JobSpec json(String body) {
        return parser.fromJson(body.getBytes(StandardCharsets.UTF_8));
    }

    private ApiError jsonError(String body) {
        return assertThrows(ApiError.class, () -> json(body), body);
    }

    private JobSpec text(String body) {
        return parser.fromText(new StringReader(body), Optional.empty(), Optional.empty());
    }

    private static void assertError(ApiError e, int status, Integer line, String... parts) {
        assertEquals(status, e.status.intValue(), e.getMessage());
        assertEquals(line, e.line, e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    private static Numbers listed(JobSpec spec) {
        return (Numbers) assertInstanceOf(InputSource.Listed.class, spec.inputs()).values();
    }

    @Test
    void settingsDefaults() {
        assertEquals(10_000, settings.defaultChunkSize());
        assertEquals(100_000, settings.maxChunkSize());
        assertEquals(1_000_000_000L, settings.maxRangeSize(), "auto: results are in the job store");
        assertEquals(10_000, settings.maxDigits());
    }

    @Test
    void jsonRange() {
        JobSpec spec = json("{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"1000000\"}}");
        assertEquals("square", spec.function());
        assertEquals(settings.defaultChunkSize(), spec.chunkSize());
        assertEquals(new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(1_000_000)), spec.inputs());
        assertEquals(1_000_000 / settings.defaultChunkSize(), spec.chunkCount());
    }

    @Test
    void jsonRangeOfNumbersWithDefaultFunctionAndChunkSize() {
        JobSpec spec = json("{\"range\":{\"from\":-5,\"to\":5},\"chunkSize\":4}");
        assertEquals("square", spec.function());
        assertEquals(4, spec.chunkSize());
        assertEquals(new InputSource.Range(BigInteger.valueOf(-5), BigInteger.valueOf(5)), spec.inputs());
    }

    @Test
    void jsonRangeOfHugeNumbers() {
        BigInteger from = BigInteger.TEN.pow(50).negate();
        BigInteger to = from.add(BigInteger.valueOf(9));
        JobSpec spec = json("{\"range\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}}");
        assertEquals(new InputSource.Range(from, to), spec.inputs());
        assertEquals(10, spec.inputs().total());
    }

    @Test
    void jsonInputsAsStrings() {
        JobSpec spec = json("{\"function\":\"square\",\"inputs\":[\"3\",\"-4\",\" +5 \",\"123456789012345678901234567890\"]}");
        Numbers values = listed(spec);
        assertEquals(4, values.size());
        assertEquals(BigInteger.valueOf(3), values.bigAt(0));
        assertEquals(BigInteger.valueOf(-4), values.bigAt(1));
        assertEquals(BigInteger.valueOf(5), values.bigAt(2));
        assertEquals(new BigInteger("123456789012345678901234567890"), values.bigAt(3));
    }

    @Test
    void jsonInputsAsNumbers() {
        JobSpec spec = json("{\"inputs\":[3, -4, 0, 9223372036854775807, -123456789012345678901234567890]}");
        Numbers values = listed(spec);
        assertEquals(5, values.size());
        assertEquals(-4, values.longAt(1));
        assertEquals(Long.MAX_VALUE, values.longAt(3));
        assertEquals(new BigInteger("-123456789012345678901234567890"), values.bigAt(4));
    }

    @Test
    void jsonInputsThatAllFitInLongsAreCompact() {
        assertEquals(Numbers.of(1, 2, 3), listed(json("{\"inputs\":[1,\"2\",3]}")));
    }

    @Test
    void longStringInputsUpToMaxDigitsAreAccepted() {
        String digits = "7".repeat(1500);
        assertEquals(new BigInteger(digits), listed(json("{\"inputs\":[\"" + digits + "\"]}")).bigAt(0));
    }

    @Test
    void unknownFieldIsRejected() {
        assertError(jsonError("{\"function\":\"square\",\"range\":{\"from\":1,\"to\":2},\"priority\":9}"), BAD_REQUEST,
                null, "unknown field", "priority");
    }

    @Test
    void bothRangeAndInputs() {
        assertError(jsonError("{\"range\":{\"from\":1,\"to\":2},\"inputs\":[1]}"), BAD_REQUEST, null, "range", "inputs");
    }

    @Test
    void neitherRangeNorInputs() {
        assertError(jsonError("{\"function\":\"square\"}"), BAD_REQUEST, null, "range", "inputs");
        assertError(jsonError("{}"), BAD_REQUEST, null, "range", "inputs");
    }

    @Test
    void badIntegerInInputsNamesItsLine() {
        assertError(jsonError("{\"inputs\":[\"1\",\"2\",\"3x\",\"4\"]}"), BAD_REQUEST, 3, "inputs[2]", "3x");
    }

    @Test
    void nonIntegerJsonValuesInInputsNameTheirLine() {
        assertError(jsonError("{\"inputs\":[1, 1.5]}"), BAD_REQUEST, 2, "inputs[1]");
        assertError(jsonError("{\"inputs\":[1, 2, 1e5]}"), BAD_REQUEST, 3, "inputs[2]");
        assertError(jsonError("{\"inputs\":[null]}"), BAD_REQUEST, 1, "inputs[0]");
        assertError(jsonError("{\"inputs\":[true]}"), BAD_REQUEST, 1, "inputs[0]");
        assertError(jsonError("{\"inputs\":[[1]]}"), BAD_REQUEST, 1, "inputs[0]");
        assertError(jsonError("{\"inputs\":[\"1\", \"\"]}"), BAD_REQUEST, 2, "inputs[1]");
    }

    @Test
    void inputsMustBeANonEmptyArray() {
        assertError(jsonError("{\"inputs\":[]}"), BAD_REQUEST, null, "at least one");
        assertError(jsonError("{\"inputs\":\"1,2\"}"), BAD_REQUEST, null, "array");
        assertError(jsonError("{\"inputs\":null}"), BAD_REQUEST, null, "array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"inputs\":[1,2", "{inputs:[1]}", "{\"inputs\":[1,]}", "not json", "{\"a\":1}}x"})
    void malformedJson(String body) {
        ApiError e = jsonError(body);
        assertEquals(BAD_REQUEST, e.status.intValue(), e.getMessage());
        assertTrue(e.getMessage().startsWith("malformed JSON") || e.getMessage().startsWith("unknown field"),
                e.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() {
        assertError(jsonError("{\n  \"inputs\": [1,\n  2,,\n]}"), BAD_REQUEST, null, "malformed JSON", "line 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[1,2]", "42", "\"square\"", "null"})
    void bodyThatIsNotAnObject(String body) {
        assertEquals(BAD_REQUEST, jsonError(body).status.intValue());
    }

    @Test
    void rangeTooBigIsPayloadTooLarge() {
        String limit = String.valueOf(settings.maxRangeSize());
        String over = String.valueOf(settings.maxRangeSize() + 1);
        assertError(jsonError("{\"range\":{\"from\":\"1\",\"to\":\"" + over + "\"}}"), TOO_LARGE, null,
                over, limit, "max-range-size");
        assertError(jsonError("{\"range\":{\"from\":\"0\",\"to\":\"1" + "0".repeat(40) + "\"}}"), TOO_LARGE, null);
    }

    @Test
    void rangeInMoreChunksThanTheHeapHoldsIsPayloadTooLarge() {
        String to = String.valueOf(settings.maxChunks() + 1);
        assertError(jsonError("{\"range\":{\"from\":\"1\",\"to\":\"" + to + "\"},\"chunkSize\":1}"), TOO_LARGE, null,
                to + " chunks", String.valueOf(settings.maxChunks()), "larger chunks");
        assertEquals(settings.maxChunks(), json("{\"range\":{\"from\":\"1\",\"to\":\"" + settings.maxChunks()
                + "\"},\"chunkSize\":1}").chunkCount());
    }

    @Test
    void rangeAtTheLimitIsAccepted() {
        assertEquals(100_000_000L, json("{\"range\":{\"from\":\"1\",\"to\":\"100000000\"}}").inputs().total());
    }

    @Test
    void badRanges() {
        assertError(jsonError("{\"range\":{\"from\":5,\"to\":1}}"), BAD_REQUEST, null, "from", "to");
        assertError(jsonError("{\"range\":{\"from\":5}}"), BAD_REQUEST, null, "range");
        assertError(jsonError("{\"range\":\"1..5\"}"), BAD_REQUEST, null, "range");
        assertError(jsonError("{\"range\":{\"from\":\"abc\",\"to\":5}}"), BAD_REQUEST, null, "range.from");
        assertError(jsonError("{\"range\":{\"from\":1,\"to\":2.5}}"), BAD_REQUEST, null, "range.to");
    }

    @Test
    void unknownFunctionNamesTheKnownOnes() {
        assertError(jsonError("{\"function\":\"cube\",\"inputs\":[1]}"), BAD_REQUEST, null, "cube", "square");
        assertError(jsonError("{\"function\":7,\"inputs\":[1]}"), BAD_REQUEST, null, "function");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100001", "\"10\"", "1.5", "10000000000", "null"})
    void chunkSizeOutOfRangeOrNotAnInteger(String chunkSize) {
        assertError(jsonError("{\"inputs\":[1],\"chunkSize\":" + chunkSize + "}"), BAD_REQUEST, null, "chunkSize");
    }

    @Test
    void chunkSizeAtTheLimits() {
        assertEquals(1, json("{\"inputs\":[1],\"chunkSize\":1}").chunkSize());
        // Accepted, and cut to what fits one message: 8 bytes an input and 8 a result.
        assertEquals(settings.maxMessageBytes() / 16, json("{\"inputs\":[1],\"chunkSize\":100000}").chunkSize());
    }

    @Test
    void tooManyInputsIsPayloadTooLarge() {
        JobRequestParser small = new JobRequestParser(
                MasterSettings.from(ConfigLoader.defaults(Map.of("compute.master.max-inputs", 3))).http());
        ApiError json = assertThrows(ApiError.class,
                () -> small.fromJson("{\"inputs\":[1,2,3,4]}".getBytes(StandardCharsets.UTF_8)));
        assertError(json, TOO_LARGE, null, "max-inputs");
        ApiError text = assertThrows(ApiError.class,
                () -> small.fromText(new StringReader("1\n2\n\n3\n4\n"), Optional.empty(), Optional.empty()));
        assertError(text, TOO_LARGE, 5, "line 5");
        assertEquals(3, small.fromJson("{\"inputs\":[1,2,3]}".getBytes(StandardCharsets.UTF_8)).inputs().total());
    }

    @Test
    void tooManyDigitsIsPayloadTooLarge() {
        JobRequestParser small = new JobRequestParser(
                MasterSettings.from(ConfigLoader.defaults(Map.of("compute.master.max-digits", 5))).http());
        ApiError json = assertThrows(ApiError.class,
                () -> small.fromJson("{\"inputs\":[\"1\",\"123456\"]}".getBytes(StandardCharsets.UTF_8)));
        assertError(json, TOO_LARGE, 2, "inputs[1]", "digits");
        ApiError text = assertThrows(ApiError.class,
                () -> small.fromText(new StringReader("1\n-123456\n"), Optional.empty(), Optional.empty()));
        assertError(text, TOO_LARGE, 2, "line 2");
    }

    @Test
    void textBody() {
        JobSpec spec = text("3\n\n-4\n  5  \n");
        assertEquals("square", spec.function());
        assertEquals(settings.defaultChunkSize(), spec.chunkSize());
        assertEquals(Numbers.of(3, -4, 5), listed(spec));
    }

    @Test
    void textBodyWithFunctionAndChunkSize() {
        JobSpec spec = parser.fromText(new StringReader("1\n2\n3\n"), Optional.of("square"), Optional.of(" 2 "));
        assertEquals(2, spec.chunkSize());
        assertEquals(2, spec.chunkCount());
    }

    @Test
    void textBodyBadLineNamesItsLine() {
        assertError(assertThrows(ApiError.class, () -> text("1\n2\n\n1.5\n5\n")), BAD_REQUEST, 4, "line 4", "1.5");
    }

    @Test
    void emptyTextBody() {
        assertError(assertThrows(ApiError.class, () -> text("\n \n")), BAD_REQUEST, null, "at least one");
    }

    @Test
    void textBodyBadOptions() {
        assertError(assertThrows(ApiError.class,
                () -> parser.fromText(new StringReader("1\n"), Optional.of("cube"), Optional.empty())),
                BAD_REQUEST, null, "cube", "square");
        assertError(assertThrows(ApiError.class,
                () -> parser.fromText(new StringReader("1\n"), Optional.empty(), Optional.of("ten"))),
                BAD_REQUEST, null, "chunkSize", "ten");
        assertError(assertThrows(ApiError.class,
                () -> parser.fromText(new StringReader("1\n"), Optional.empty(), Optional.of("0"))),
                BAD_REQUEST, null, "chunkSize");
    }

    @Test
    void errorBodyCarriesTheLineWhenThereIsOne() {
        ApiResponses responses = new ApiResponses(1024);
        ApiError withLine = assertThrows(ApiError.class, () -> text("1\nx\n"));
        assertEquals("{\"error\":\"line 2: not an integer: 'x'\",\"line\":2}", body(responses.failure(withLine)),
                "the error first, always");
        ApiError without = jsonError("{}");
        assertEquals("{\"error\":\"" + without.getMessage().replace("\"", "\\\"") + "\"}",
                body(responses.failure(without)));
        assertNull(without.line);
    }

    private static String body(org.apache.pekko.http.javadsl.model.HttpResponse response) {
        return ((org.apache.pekko.http.javadsl.model.HttpEntity.Strict) response.entity()).getData().utf8String();
    }

    /** Integers of any size up to max-digits (10000): a JSON number is an integer as much as a string is. */
    @Test
    void jsonNumberLongerThanJacksonsDefaultLimitIsAccepted() {
        String digits = "1".repeat(1500);
        Numbers values = listed(json("{\"inputs\":[" + digits + "]}"));
        assertEquals(new BigInteger(digits), values.bigAt(0));
    }

    @Test
    void jsonNumberLongerThanMaxDigitsIsRefusedWithAnError() {
        String digits = "1".repeat(10_002);
        ApiError e = assertThrows(ApiError.class, () -> json("{\"inputs\":[" + digits + "]}"));
        assertTrue(e.status.intValue() == BAD_REQUEST || e.status.intValue() == TOO_LARGE, e.getMessage());
    }

    /** Jackson lets a number one digit longer than max-digits through (room for a sign): the parser does not. */
    @Test
    void jsonNumberOneDigitPastMaxDigitsIsTooLargeNamingTheKey() {
        String digits = "1".repeat(10_001);
        assertError(assertThrows(ApiError.class, () -> json("{\"inputs\":[" + digits + "]}")),
                TOO_LARGE, 1, "inputs[0]", "10001 digits", "at most 10000", "compute.master.max-digits");
        assertError(assertThrows(ApiError.class, () -> json("{\"range\":{\"from\":1,\"to\":" + digits + "}}")),
                TOO_LARGE, null, "range.to", "compute.master.max-digits");
        assertError(assertThrows(ApiError.class, () -> json("{\"inputs\":[" + digits + "1]}")),
                TOO_LARGE, null, "at most 10000", "compute.master.max-digits");
    }

    @Test
    void everyLimitRefusalNamesItsConfigKey() {
        JobRequestParser small = new JobRequestParser(MasterSettings.from(ConfigLoader.defaults(
                Map.of("compute.master.max-inputs", 2, "compute.master.max-digits", 3))).http());
        assertError(assertThrows(ApiError.class, () -> small.fromText(new StringReader("1\n2\n3\n"),
                Optional.empty(), Optional.empty())), TOO_LARGE, 3, "at most 2", "compute.master.max-inputs");
        assertError(assertThrows(ApiError.class, () -> small.fromText(new StringReader("1234\n"),
                Optional.empty(), Optional.empty())), TOO_LARGE, 1, "at most 3", "compute.master.max-digits");
        assertError(assertThrows(ApiError.class, () -> small.fromJson("{\"inputs\":[\"1234\"]}"
                .getBytes(StandardCharsets.UTF_8))), TOO_LARGE, 1, "at most 3", "compute.master.max-digits");
    }

    @Test
    void deeplyNestedJsonIsABadRequest() {
        assertError(jsonError("[".repeat(100_000)), BAD_REQUEST, null, "nested more than 64 levels");
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'i', 'n', 'p', 'u', 't', 's', '"', ':', '[', '"', (byte) 0xC3, '"', ']', '}'};
        ApiError e = assertThrows(ApiError.class, () -> parser.fromJson(body));
        assertError(e, BAD_REQUEST, null, "UTF-8");
    }

    /** A value with a line break in it is quoted escaped: the refusal stays one line. */
    @Test
    void refusalQuotingControlCharactersStaysOneLine() {
        ApiError e = jsonError("{\"inputs\":[\"1\\n2\"]}");
        assertError(e, BAD_REQUEST, 1, "not an integer: '1\\u000a2'");
    }
}
