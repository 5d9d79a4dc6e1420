package io.computecluster.worker.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginClassLoaderTest {
    private static final String UPPER = "io.computecluster.worker.testplugin.UpperFn";

    @TempDir
    Path folder;

    /** A jar holding UpperFn and, when asked, a copy of Jackson's ObjectMapper and a resource. */
    private Path jar(boolean withObjectMapper) throws IOException {
        Path jar = folder.resolve("plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            copy(out, UPPER.replace('.', '/') + ".class");
            if (withObjectMapper) {
                copy(out, ObjectMapper.class.getName().replace('.', '/') + ".class");
            }
            out.putNextEntry(new JarEntry("plugin-resource.txt"));
            out.write("from the jar".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void copy(JarOutputStream out, String file) throws IOException {
        try (InputStream in = PluginClassLoaderTest.class.getClassLoader().getResourceAsStream(file)) {
            out.putNextEntry(new JarEntry(file));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    @Test
    void theTestFunctionsAreNotOnThePlatformLoaderSoTheyComeFromTheJar() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> ClassLoader.getPlatformClassLoader().loadClass(UPPER));
        try (PluginClassLoader loader = new PluginClassLoader(jar(false), getClass().getClassLoader())) {
            Class<?> upper = loader.loadClass(UPPER);
            assertSame(loader, upper.getClassLoader());
            assertEquals(folder.resolve("plugin.jar").toUri().toURL(),
                    upper.getProtectionDomain().getCodeSource().getLocation());
        }
    }

    @Test
    void neitherPekkoNorTheNodesOwnClassesAreVisible() throws Exception {
        try (PluginClassLoader loader = new PluginClassLoader(jar(false), getClass().getClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.apache.pekko.actor.typed.ActorRef"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("scala.Option"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.slf4j.Logger"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.computecluster.worker.Worker"));
            assertThrows(ClassNotFoundException.class,
                    () -> loader.loadClass("io.computecluster.common.protocol.WorkerProtocol"));
            assertNull(loader.getResource("reference.conf"), "the node's resources stay invisible too");
            assertSame(String.class, loader.loadClass("java.lang.String"), "the JDK is");
        }
    }

    @Test
    void theRuntimeIsDefinedInEachPluginsLoaderFromTheNodesBytes() throws Exception {
        try (PluginClassLoader one = new PluginClassLoader(jar(false), getClass().getClassLoader());
             PluginClassLoader other = new PluginClassLoader(jar(false), getClass().getClassLoader())) {
            Class<?> api = one.loadClass("io.computecluster.function.TaskFunction");
            assertSame(one, api.getClassLoader());
            assertSame(one, one.loadClass(ObjectMapper.class.getName()).getClassLoader());
            assertSame(other, other.loadClass("io.computecluster.function.TaskFunction").getClassLoader(),
                    "every plug-in has a copy of its own");
            assertNull(one.loadClass(ObjectMapper.class.getName()).getProtectionDomain().getCodeSource()
                    .getLocation(), "not from the jar");
            // The function links against its loader's copy of the API.
            assertSame(api, one.loadClass(UPPER).getInterfaces()[0]);
        }
    }

    @Test
    void aClassBundledInThePluginJarWinsOverTheRuntimesCopy() throws Exception {
        Path jar = jar(true);
        try (PluginClassLoader loader = new PluginClassLoader(jar, getClass().getClassLoader())) {
            Class<?> mapper = loader.loadClass(ObjectMapper.class.getName());
            assertNotNull(mapper.getProtectionDomain().getCodeSource());
            assertEquals(jar.toUri().toURL(), mapper.getProtectionDomain().getCodeSource().getLocation());
        }
    }

    @Test
    void resourcesComeFromTheJarAndTheJdkOnly() throws Exception {
        try (PluginClassLoader loader = new PluginClassLoader(jar(false), getClass().getClassLoader())) {
            try (InputStream in = loader.getResourceAsStream("plugin-resource.txt")) {
                assertEquals("from the jar", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(1, Collections.list(loader.getResources("plugin-resource.txt")).size());
            assertNull(loader.getResource("META-INF/services/io.computecluster.common.function.TaskFunction"),
                    "the node's service files stay invisible");
        }
    }
}
