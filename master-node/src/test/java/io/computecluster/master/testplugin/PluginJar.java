package io.computecluster.master.testplugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds a plug-in jar of one compiled test class and its ServiceLoader file, for a worker node's plug-in folder. */
public final class PluginJar {
    private PluginJar() {
    }

    /** The jar {@code folder/name}, version {@code version}, offering {@code function}. */
    public static Path of(Path folder, String name, String version, Class<?> function) {
        Path jar = folder.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        String file = function.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream in = PluginJar.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException(file + " is not on the test classpath");
            }
            jarOut.putNextEntry(new JarEntry(file));
            in.transferTo(jarOut);
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("META-INF/services/io.computecluster.function.TaskFunction"));
            jarOut.write((function.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
