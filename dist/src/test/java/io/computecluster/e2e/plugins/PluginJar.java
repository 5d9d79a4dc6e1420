package io.computecluster.e2e.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds a plug-in jar as a user's build would: the function classes of this package, their
 * service file, a version in the manifest, and the classes of any jars it bundles (a fat jar).
 */
public final class PluginJar {
    private PluginJar() {
    }

    /** Writes {@code jar} with {@code functions} and every class of {@code bundled}. */
    public static Path write(Path jar, String version, List<Class<?>> functions, List<Path> bundled) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try {
            Files.createDirectories(jar.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                Set<String> written = new HashSet<>();
                StringBuilder services = new StringBuilder();
                for (Class<?> function : functions) {
                    String entry = function.getName().replace('.', '/') + ".class";
                    try (InputStream in = function.getClassLoader().getResourceAsStream(entry)) {
                        put(out, entry, in.readAllBytes(), written);
                    }
                    services.append(function.getName()).append('\n');
                }
                put(out, "META-INF/services/io.computecluster.function.TaskFunction",
                        services.toString().getBytes(StandardCharsets.UTF_8), written);
                for (Path other : bundled) {
                    try (JarFile source = new JarFile(other.toFile())) {
                        for (JarEntry entry : java.util.Collections.list(source.entries())) {
                            if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                                try (InputStream in = source.getInputStream(entry)) {
                                    put(out, entry.getName(), in.readAllBytes(), written);
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes, Set<String> written) throws IOException {
        if (written.add(name)) {
            out.putNextEntry(new JarEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
    }
}
