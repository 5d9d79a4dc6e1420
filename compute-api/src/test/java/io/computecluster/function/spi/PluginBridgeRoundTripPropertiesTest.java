package io.computecluster.function.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.function.spi.TestFunctions.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Every value survives the trip through PluginBridge to an identity function and back: text with
 * any code point, any bytes, any JSON value, any integer, and records.
 */
class PluginBridgeRoundTripPropertiesTest {
    private static final PluginBridge BRIDGE =
            new PluginBridge(PluginBridgeRoundTripPropertiesTest.class.getClassLoader(), null);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Reads numbers as exactly as the bridge does, so that a rounded number would show. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static Object echo(String function, Object input) throws Exception {
        return BRIDGE.apply(BRIDGE.prepare(function, null, "job"), input, 1, () -> false);
    }

    @Property(tries = 500)
    void textKeepsEveryCodePoint(@ForAll("text") String text) throws Exception {
        byte[] result = (byte[]) echo("echo-text", text.getBytes(UTF_8));
        assertEquals(text, new String(result, UTF_8));
    }

    @Property(tries = 300)
    void bytesKeepEveryByte(@ForAll @Size(max = 300) byte[] bytes) throws Exception {
        assertArrayEquals(bytes.clone(), (byte[]) echo("echo-bytes", bytes.clone()));
    }

    @Property(tries = 300)
    void integersOfAnySizeStayExact(@ForAll("integers") BigInteger value) throws Exception {
        assertEquals(value, echo("echo-integer", value));
    }

    @Property(tries = 500)
    void jsonTreesKeepEveryValue(@ForAll("trees") JsonNode tree) throws Exception {
        String text = EXACT.writeValueAsString(tree);
        byte[] result = (byte[]) echo("echo-json", text.getBytes(UTF_8));
        JsonNode sent = EXACT.readTree(text);
        JsonNode received = EXACT.readTree(result);
        assertTrue(sent.equals(SAME_VALUE, received), text + " came back as " + new String(result, UTF_8));
    }

    /** JSON numbers are values: 2.5E2 and 250 are one number, whether read as decimal or integer. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    @Property(tries = 200)
    void recordsBindAndWriteBack(@ForAll double x, @ForAll double y, @ForAll("text") String label) throws Exception {
        ObjectNode point = NODES.objectNode().put("x", x).put("y", y).put("label", label);
        byte[] result = (byte[]) BRIDGE.apply(BRIDGE.prepare("move-point", "{\"dx\":0,\"dy\":0}", "job"),
                EXACT.writeValueAsBytes(point), 1, () -> false);
        assertEquals(new Point(x, y, label), new ObjectMapper().readValue(result, Point.class));
    }

    /** Code points of every plane, surrogate pairs included, but no unpaired surrogate. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xFFFF)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)))
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        return codePoint.list().ofMaxSize(60).map(cps -> {
            StringBuilder text = new StringBuilder();
            cps.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Provide
    Arbitrary<BigInteger> integers() {
        BigInteger bound = BigInteger.TEN.pow(300);
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
                Arbitraries.bigIntegers().between(bound.negate(), bound));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(3);
    }

    private Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> leaf = leaf();
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> tree(depth - 1));
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(PluginBridgeRoundTripPropertiesTest::array);
        Arbitrary<JsonNode> object = Arbitraries.maps(text(), child).ofMaxSize(4)
                .map(PluginBridgeRoundTripPropertiesTest::object);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(1, object));
    }

    private Arbitrary<JsonNode> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                integers().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("-1e40"), new BigDecimal("1e40"))
                        .ofScale(12)
                        .map(NODES::numberNode),
                Arbitraries.of("0.10", "1e400", "-1E-400", "100.000", "-0.0", "0")
                        .map(BigDecimal::new)
                        .map(NODES::numberNode),
                text().map(NODES::textNode));
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(items);
        return array;
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode object = NODES.objectNode();
        object.setAll(fields);
        return object;
    }
}
