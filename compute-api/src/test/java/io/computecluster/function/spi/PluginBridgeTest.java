package io.computecluster.function.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.function.spi.TestFunctions.Refused;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What PluginBridge hands a function and what it makes of the answer. */
class PluginBridgeTest {
    private static final PluginBridge BRIDGE = new PluginBridge(PluginBridgeTest.class.getClassLoader(), "1.2.3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Object call(String function, String args, Object input) throws Exception {
        return BRIDGE.apply(BRIDGE.prepare(function, args, "job-1"), input, 1, () -> false);
    }

    private static JsonNode callJson(String function, String args, String input) throws Exception {
        return JSON.readTree((byte[]) call(function, args, input.getBytes(UTF_8)));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void functionsAreListedByNameWithVersionAndWireTypes() {
        List<String[]> functions = BRIDGE.functions();
        assertEquals(List.of("echo-bytes", "echo-integer", "echo-json", "echo-text", "fail", "length", "move-point",
                        "null-result", "probe", "repeat", "until-cancelled", "unwritable", "versioned", "wrong-type"),
                functions.stream().map(f -> f[0]).toList());
        assertArrayEquals(new String[] {"move-point", "1.2.3", "json", "json"}, functions.get(6));
        assertArrayEquals(new String[] {"echo-integer", "1.2.3", "integer", "integer"}, functions.get(1));
        assertArrayEquals(new String[] {"echo-bytes", "1.2.3", "bytes", "bytes"}, functions.get(0));
        assertArrayEquals(new String[] {"probe", "1.2.3", "text", "json"}, functions.get(8));
        assertArrayEquals(new String[] {"versioned", "7.1", "text", "text"}, functions.get(12));
    }

    @Test
    void jobIdAttemptArgsAndCancellationReachTheFunction() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Object job = BRIDGE.prepare("probe", "{\"k\":[1,2.50]}", "job-42");

        JsonNode first = JSON.readTree((byte[]) BRIDGE.apply(job, "héllo".getBytes(UTF_8), 1, cancelled::get));
        assertEquals(json("{\"input\":\"héllo\",\"jobId\":\"job-42\",\"attempt\":1,\"cancelled\":false,"
                + "\"args\":{\"k\":[1,2.50],\"changed-by-probe\":true}}"), first);

        cancelled.set(true);
        JsonNode retry = JSON.readTree((byte[]) BRIDGE.apply(job, new byte[0], 3, cancelled::get));
        assertEquals(3, retry.get("attempt").asInt());
        assertTrue(retry.get("cancelled").asBoolean());
        // The probe changed its copy of the args; the next input still sees them as submitted.
        assertEquals(json("{\"k\":[1,2.50],\"changed-by-probe\":true}"), retry.get("args"));
    }

    @Test
    void anInterruptedThreadReadsAsCancelled() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertEquals("stopped", new String((byte[]) call("until-cancelled", null, new byte[0]), UTF_8));
        } finally {
            Thread.interrupted();
        }
        assertEquals("stopped", new String((byte[]) BRIDGE.apply(
                BRIDGE.prepare("until-cancelled", null, "j"), new byte[0], 1, () -> true), UTF_8));
        assertTrue(callJson("probe", null, "x").get("cancelled").isBoolean());
        assertEquals(false, JSON.readTree((byte[]) BRIDGE.apply(BRIDGE.prepare("probe", null, "j"),
                new byte[0], 1, null)).get("cancelled").asBoolean());
    }

    @Test
    void noArgsAndJsonNullArgsReadAsAnEmptyObject() throws Exception {
        assertEquals(json("{\"changed-by-probe\":true}"), callJson("probe", null, "x").get("args"));
        assertEquals(json("{\"changed-by-probe\":true}"), callJson("probe", " null ", "x").get("args"));
    }

    @Test
    void argsThatAreNotAJsonObjectAreRefusedAtPrepare() {
        assertEquals("args: expected a JSON object, got an array",
                assertThrows(IllegalArgumentException.class, () -> BRIDGE.prepare("probe", "[1]", "j")).getMessage());
        assertEquals("args: expected a JSON object, got a string",
                assertThrows(IllegalArgumentException.class, () -> BRIDGE.prepare("probe", "\"a\"", "j")).getMessage());
        assertEquals("args: expected a JSON object, got a number",
                assertThrows(IllegalArgumentException.class, () -> BRIDGE.prepare("probe", "3", "j")).getMessage());
        assertEquals("args: expected a JSON object, got true",
                assertThrows(IllegalArgumentException.class, () -> BRIDGE.prepare("probe", "true", "j")).getMessage());
        String invalid = assertThrows(IllegalArgumentException.class,
                () -> BRIDGE.prepare("probe", "{\"a\":", "j")).getMessage();
        assertTrue(invalid.startsWith("args: expected a JSON object, got invalid JSON ("), invalid);
        String trailing = assertThrows(IllegalArgumentException.class,
                () -> BRIDGE.prepare("probe", "{} {}", "j")).getMessage();
        assertTrue(trailing.startsWith("args: expected a JSON object, got invalid JSON ("), trailing);
    }

    @Test
    void anUnknownFunctionIsRefusedAtPrepare() {
        assertEquals("unknown function 'nope'",
                assertThrows(IllegalArgumentException.class, () -> BRIDGE.prepare("nope", null, "j")).getMessage());
        assertEquals("unknown function 'square'",
                assertThrows(IllegalArgumentException.class, () -> BRIDGE.prepare("square", null, "j")).getMessage());
    }

    @Test
    void argsBindToARecordAndInputsBindBothWays() throws Exception {
        assertEquals(json("{\"x\":1.5,\"y\":-1.0,\"label\":\"a\"}"),
                callJson("move-point", "{\"dx\":0.5,\"dy\":-3}", "{\"x\":1,\"y\":2,\"label\":\"a\"}"));
        // An input's extra fields are ignored; a missing object component is null.
        assertEquals(json("{\"x\":1.0,\"y\":2.0,\"label\":null}"),
                callJson("move-point", "{\"dx\":0,\"dy\":0}", "{\"x\":1,\"y\":2,\"colour\":\"red\"}"));
    }

    private static String argsRefusal(String args) {
        return assertThrows(IllegalArgumentException.class,
                () -> callJson("move-point", args, "{\"x\":1,\"y\":2}")).getMessage();
    }

    @Test
    void argsThatDoNotBindFailTheInputNamingWhy() {
        assertEquals("args: unknown field 'dz' (known: dx, dy)", argsRefusal("{\"dx\":1,\"dy\":2,\"dz\":3}"));
        String missing = argsRefusal("{\"dx\":1}");
        assertTrue(missing.startsWith("args: ") && missing.contains("dy"), missing);
        String notANumber = argsRefusal("{\"dx\":\"east\",\"dy\":0}");
        assertTrue(notANumber.startsWith("args: dx: "), notANumber);
    }

    @Test
    void aFractionDoesNotBindToAnInteger() throws Exception {
        assertEquals("abab", new String((byte[]) call("repeat", "{\"times\":2}", "ab".getBytes(UTF_8)), UTF_8));
        String fraction = assertThrows(IllegalArgumentException.class,
                () -> call("repeat", "{\"times\":2.5}", "ab".getBytes(UTF_8))).getMessage();
        assertTrue(fraction.startsWith("args: times: "), fraction);
    }

    @Test
    void argsAreBoundOncePerJobAndClass() throws Exception {
        Object job = BRIDGE.prepare("move-point", "{\"dx\":1,\"dy\":1}", "j");
        for (int i = 0; i < 3; i++) {
            BRIDGE.apply(job, "{\"x\":1,\"y\":2}".getBytes(UTF_8), 1, () -> false);
        }
        Object refused = BRIDGE.prepare("move-point", "{\"dx\":1}", "j");
        for (int i = 0; i < 3; i++) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> BRIDGE.apply(refused, "{\"x\":1,\"y\":2}".getBytes(UTF_8), 1, () -> false)).getMessage();
            assertTrue(message.startsWith("args: "), message);
        }
    }

    @Test
    void inputsThatDoNotDecodeAreRefusedNamingWhatWasExpected() {
        String notJson = assertThrows(IllegalArgumentException.class, () -> callJson("echo-json", null, "{")).getMessage();
        assertTrue(notJson.startsWith("expected a JSON value: "), notJson);
        String empty = assertThrows(IllegalArgumentException.class, () -> callJson("echo-json", null, "")).getMessage();
        assertTrue(empty.startsWith("expected a JSON value: "), empty);
        String twoValues = assertThrows(IllegalArgumentException.class,
                () -> callJson("echo-json", null, "1 2")).getMessage();
        assertTrue(twoValues.startsWith("expected a JSON value: "), twoValues);

        String wrongShape = assertThrows(IllegalArgumentException.class,
                () -> callJson("move-point", "{\"dx\":0,\"dy\":0}", "[1,2]")).getMessage();
        assertTrue(wrongShape.startsWith("expected JSON for Point: "), wrongShape);
        String nullPoint = assertThrows(IllegalArgumentException.class,
                () -> callJson("move-point", "{\"dx\":0,\"dy\":0}", "null")).getMessage();
        assertEquals("expected JSON for Point, got null", nullPoint);
        String missingY = assertThrows(IllegalArgumentException.class,
                () -> callJson("move-point", "{\"dx\":0,\"dy\":0}", "{\"x\":1}")).getMessage();
        assertTrue(missingY.startsWith("expected JSON for Point: ") && missingY.contains("y"), missingY);
        String notANumber = assertThrows(IllegalArgumentException.class,
                () -> callJson("move-point", "{\"dx\":0,\"dy\":0}", "{\"x\":\"one\",\"y\":2}")).getMessage();
        assertTrue(notANumber.startsWith("expected JSON for Point: x: "), notANumber);

        assertEquals("expected a BigInteger for an integer input, got java.lang.Long",
                assertThrows(IllegalArgumentException.class, () -> call("echo-integer", null, 5L)).getMessage());
        assertEquals("expected the bytes of a text input, got java.lang.String",
                assertThrows(IllegalArgumentException.class, () -> call("echo-text", null, "x")).getMessage());
    }

    @Test
    void aJsonNullInputIsAValueForATree() throws Exception {
        assertEquals(json("null"), callJson("echo-json", null, " null "));
    }

    @Test
    void malformedUtf8TextIsReplacedNotRefused() throws Exception {
        byte[] result = (byte[]) call("echo-text", null, new byte[] {'a', (byte) 0xC3, 'b'});
        assertEquals("a\uFFFDb", new String(result, UTF_8));
    }

    @Test
    void theFunctionsOwnExceptionComesBackUnchanged() {
        Refused refused = assertThrows(Refused.class, () -> call("fail", null, "x".getBytes(UTF_8)));
        assertEquals("no x", refused.getMessage());
    }

    @Test
    void aNullOrMistypedResultIsTheFunctionsError() {
        assertEquals("function 'null-result' returned null",
                assertThrows(IllegalStateException.class, () -> call("null-result", null, new byte[0])).getMessage());
        assertEquals("function 'wrong-type' returned a java.lang.Integer where its output type text needs a "
                        + "java.lang.String",
                assertThrows(IllegalStateException.class, () -> call("wrong-type", null, new byte[0])).getMessage());
    }

    @Test
    void aResultJacksonCannotWriteIsTheFunctionsError() {
        String message = assertThrows(IllegalStateException.class, () -> call("unwritable", null, new byte[0])).getMessage();
        assertTrue(message.startsWith("function 'unwritable' returned a " + TestFunctions.Opaque.class.getName()
                + " that cannot be written as JSON: "), message);
    }

    @Test
    void jsonBoundToAPrimitiveTypeTakesItsBoxedResults() throws Exception {
        assertEquals("3", new String((byte[]) call("length", null, "abc".getBytes(UTF_8)), UTF_8));
    }

    @Test
    void integersAndBytesPassThroughAsTheyAre() throws Exception {
        BigInteger big = BigInteger.TEN.pow(400).negate();
        assertSame(big, call("echo-integer", null, big));
        byte[] bytes = {0, -1, 2};
        assertSame(bytes, call("echo-bytes", null, bytes));
    }

    @Test
    void aHandleFromElsewhereIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BRIDGE.apply("job", new byte[0], 1, () -> false));
    }
}
