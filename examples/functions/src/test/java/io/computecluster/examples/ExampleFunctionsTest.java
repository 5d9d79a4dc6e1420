package io.computecluster.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.function.spi.PluginBridge;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plug-in offers its three functions, with the jar's version and the contract's wire types. */
class ExampleFunctionsTest {
    @Test
    void thePluginOffersFactorGeoDistanceAndSha256() {
        List<String[]> functions = ThroughTheBridge.BRIDGE.functions();
        assertEquals(3, functions.size());
        assertArrayEquals(new String[] {"factor", "9.9", "integer", "json"}, functions.get(0));
        assertArrayEquals(new String[] {"geo-distance", "9.9", "json", "json"}, functions.get(1));
        assertArrayEquals(new String[] {"sha256", "9.9", "text", "text"}, functions.get(2));
    }

    /**
     * As a worker runs it: the plug-in's classes, records included, in a class loader of their
     * own, under the loader that holds the API and Jackson.
     */
    @Test
    void thePluginWorksFromAClassLoaderOfItsOwn() throws Exception {
        URL classes = Factor.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes}, new ApiOnly())) {
            assertThrows(ClassNotFoundException.class,
                    () -> new ApiOnly().loadClass(Factor.class.getName()), "the parent does not see the plug-in");
            PluginBridge bridge = new PluginBridge(plugin, null);
            assertEquals(3, bridge.functions().size());
            assertEquals("0", bridge.functions().get(0)[1]);

            Object geo = bridge.apply(bridge.prepare("geo-distance", "{\"unit\":\"mi\"}", "j"),
                    "{\"from\":{\"lat\":0,\"lon\":0},\"to\":{\"lat\":0,\"lon\":1}}".getBytes(UTF_8), 1, () -> false);
            assertEquals(2 * Math.PI * 6371.0088 / 360 / 1.609344,
                    new ObjectMapper().readTree((byte[]) geo).get("mi").asDouble(), 1e-9);
            Object factors = bridge.apply(bridge.prepare("factor", null, "j"), BigInteger.valueOf(12), 1, () -> false);
            assertEquals("[\"2\",\"2\",\"3\"]", new String((byte[]) factors, UTF_8));
            Object hash = bridge.apply(bridge.prepare("sha256", "{\"rounds\":1}", "j"), "abc".getBytes(UTF_8), 1,
                    () -> false);
            assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", new String((byte[]) hash, UTF_8));
        }
    }

    /** The test class path less the plug-in: its classes and its service files. */
    private static final class ApiOnly extends ClassLoader {
        ApiOnly() {
            super(ExampleFunctionsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.computecluster.examples.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
