package io.computecluster.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Builds plug-in jars in tests from compiled classes of the test classpath (nothing is compiled):
 * their class files, a manifest and, for the functions, the ServiceLoader file.
 */
final class PluginJars {
    static final String SERVICES = "META-INF/services/io.computecluster.function.TaskFunction";

    private PluginJars() {
    }

    /** A jar {@code name} in {@code folder} listing {@code functions}; {@code version} null for none. */
    static Path jar(Path folder, String name, String version, Class<?>... functions) {
        return jar(folder, name, version, List.of(functions), List.of());
    }

    /**
     * A jar listing {@code functions} as task functions and holding the class files of
     * {@code functions} and {@code extras}.
     */
    static Path jar(Path folder, String name, String version, List<Class<?>> functions, List<Class<?>> extras) {
        Path jar = folder.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : functions) {
                addClass(out, type);
            }
            for (Class<?> type : extras) {
                addClass(out, type);
            }
            if (!functions.isEmpty()) {
                out.putNextEntry(new JarEntry(SERVICES));
                out.write((functions.stream().map(Class::getName).collect(Collectors.joining("\n")) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static void addClass(JarOutputStream out, Class<?> type) throws IOException {
        String file = type.getName().replace('.', '/') + ".class";
        try (InputStream in = PluginJars.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException(file + " is not on the test classpath");
            }
            out.putNextEntry(new JarEntry(file));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
