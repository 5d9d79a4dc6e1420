package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigLoader;
import io.computecluster.master.MasterSettings;
import io.computecluster.master.job.JobSpec;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bodies of {@code POST /jobs}: malformed JSON, huge numbers, deep nesting, wrong types,
 * invalid UTF-8, random bytes. The parser answers a job or an {@link ApiError} (a 4xx with one
 * line), never another exception, and never hangs.
 */
class JobRequestParserPropertiesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final int MAX_DIGITS = 10_000;

    private final JobRequestParser parser = new JobRequestParser(MasterSettings.from(ConfigLoader.defaults(
            Map.of("compute.master.max-inputs", 1000, "compute.master.max-range-size", 1_000_000))).http());

    @Property(tries = 300)
    void randomBytesAsJson(@ForAll @Size(max = 3000) byte[] body) {
        assertAnswersOrRefuses(() -> parser.fromJson(body));
    }

    @Property(tries = 300)
    void randomBytesAsText(@ForAll @Size(max = 3000) byte[] body) {
        assertAnswersOrRefuses(() -> parser.fromText(
                new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8),
                Optional.empty(), Optional.empty()));
    }

    /** C1 controls (NEL here) are controls too: quoted back in a refusal, they must not break its line. */
    @Example
    void c1ControlCharactersInAnUnknownTokenStayOnOneLine() {
        ApiError refused = assertRefused(() -> parser.fromJson("A\u0085B\u009B".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().startsWith("malformed JSON: Unrecognized token 'A B"), refused.getMessage());
    }

    @Property(tries = 500)
    void jsonShapedGarbage(@ForAll("jsonish") String body) {
        assertAnswersOrRefuses(() -> parser.fromJson(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200)
    void wellFormedRequestsWithWrongTypes(@ForAll("requests") String body) {
        assertAnswersOrRefuses(() -> parser.fromJson(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 30)
    void deepNestingIsRefusedAsABadRequest(@ForAll @IntRange(min = JobRequestParser.MAX_NESTING + 1, max = 200_000) int depth,
                                           @ForAll("openers") String opener) {
        ApiError refused = assertRefused(() -> parser.fromJson(
                ("{\"inputs\":" + opener.repeat(depth)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, refused.status.intValue(), refused.getMessage());
        assertTrue(refused.getMessage().contains("nested"), refused.getMessage());
    }

    @Property(tries = 30)
    void numbersPastTheDigitLimitAreTooLarge(@ForAll @IntRange(min = MAX_DIGITS + 1, max = 60_000) int digits,
                                             @ForAll boolean quoted, @ForAll boolean negative) {
        String number = (negative ? "-" : "") + "9".repeat(digits);
        String value = quoted ? "\"" + number + "\"" : number;
        ApiError refused = assertRefused(() -> parser.fromJson(
                ("{\"inputs\":[1," + value + "]}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(413, refused.status.intValue(), refused.getMessage());
        assertTrue(refused.getMessage().contains("compute.master.max-digits"), refused.getMessage());
    }

    @Property(tries = 100)
    void invalidUtf8InsideAValidRequest(@ForAll("invalidUtf8") byte[] bad, @ForAll boolean asText) {
        byte[] prefix = (asText ? "1\n2\n" : "{\"inputs\":[\"1\",\"").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = (asText ? "\n3\n" : "\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        ApiError refused = assertRefused(asText
                ? () -> parser.fromText(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8),
                        Optional.empty(), Optional.empty())
                : () -> parser.fromJson(body));
        assertEquals(400, refused.status.intValue(), refused.getMessage());
    }

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("[", "{\"a\":", "[{\"a\":");
    }

    /** Bytes that are not UTF-8: stray continuation bytes, truncated sequences, overlongs, surrogates. */
    @Provide
    Arbitrary<byte[]> invalidUtf8() {
        return Arbitraries.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80});
    }

    /** Fragments of JSON glued at random: mostly malformed, now and then well-formed. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"inputs\"", "\"range\"",
                "\"from\"", "\"to\"", "\"function\"", "\"square\"", "\"chunkSize\"", "1", "-0", "1e999", "1.5",
                "99999999999999999999999", "null", "true", "\\u0000", "\\", "\"\\ud800\"", " ", "\n", "\u0000",
                "\u2028", "NaN", "-", "0x10", "/*", "//");
        return token.list().ofMaxSize(60).map(tokens -> String.join("", tokens));
    }

    /** Requests of the right shape whose values are of every type. */
    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "{}", "[]", "\"\"", "\" 12 \"", "1.0", "-1", "0", "1e3",
                        "2147483648", "-9223372036854775809", "\"12x\"", "[\"1\"]", "{\"from\":1}"),
                Arbitraries.strings().ofMaxLength(30).map(text -> "\"" + text.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\""),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
                        java.math.BigInteger.TEN.pow(30)).map(String::valueOf));
        Arbitrary<String> inputs = value.list().ofMaxSize(5).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> range = Combinators.combine(value, value).as((from, to) ->
                "{\"from\":" + from + ",\"to\":" + to + "}");
        return Combinators.combine(value, Arbitraries.oneOf(inputs, range, value), value,
                        Arbitraries.of("inputs", "range", "other"))
                .as((function, source, chunkSize, field) -> "{\"function\":" + function + ",\"" + field + "\":"
                        + source + ",\"chunkSize\":" + chunkSize + "}");
    }

    /** Parses within {@link #PATIENCE}; a refusal is an ApiError with a 4xx status and one line. */
    private static void assertAnswersOrRefuses(Parse parse) {
        assertTimeoutPreemptively(PATIENCE, () -> {
            try {
                assertTrue(parse.run().inputs().total() >= 1);
            } catch (ApiError e) {
                assertRefusal(e);
            }
        });
    }

    private static ApiError assertRefused(Parse parse) {
        return assertTimeoutPreemptively(PATIENCE, () -> {
            try {
                JobSpec accepted = parse.run();
                throw new AssertionError("accepted: " + accepted);
            } catch (ApiError e) {
                assertRefusal(e);
                return e;
            }
        });
    }

    private static void assertRefusal(ApiError e) {
        int status = e.status.intValue();
        assertTrue(status == 400 || status == 413, status + ": " + e.getMessage());
        String message = e.getMessage();
        assertFalse(message == null || message.isBlank(), "a refusal says why");
        assertTrue(message.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029),
                "one line: " + message.replace("\n", "\\n"));
        assertTrue(message.length() < 1000, "short: " + message.length() + " characters");
    }

    @FunctionalInterface
    private interface Parse {
        JobSpec run();
    }
}
