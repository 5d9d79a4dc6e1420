package io.computecluster.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.function.spi.PluginBridge;
import java.io.IOException;
import java.math.BigInteger;
import java.util.function.BooleanSupplier;

/** Calls the example functions as a worker node does: through PluginBridge, with wire values. */
final class ThroughTheBridge {
    static final PluginBridge BRIDGE = new PluginBridge(ThroughTheBridge.class.getClassLoader(), "9.9");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThroughTheBridge() {
    }

    static Object call(String function, String args, Object input, BooleanSupplier cancelled) throws Exception {
        return BRIDGE.apply(BRIDGE.prepare(function, args, "test-job"), input, 1, cancelled);
    }

    static String text(String function, String args, String input) throws Exception {
        return new String((byte[]) call(function, args, input.getBytes(UTF_8), () -> false), UTF_8);
    }

    static JsonNode json(String function, String args, String input) throws Exception {
        return JSON.readTree((byte[]) call(function, args, input.getBytes(UTF_8), () -> false));
    }

    static JsonNode json(String function, String args, BigInteger input) throws Exception {
        return JSON.readTree((byte[]) call(function, args, input, () -> false));
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }
}
