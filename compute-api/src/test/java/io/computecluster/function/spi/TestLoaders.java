package io.computecluster.function.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Class loaders that list chosen task functions as a plug-in jar would: they find the test
 * classes, but only their own service file, not the one of this module's tests.
 */
final class TestLoaders {
    private static final String SERVICE_FILE = "META-INF/services/io.computecluster.function.TaskFunction";

    private TestLoaders() {
    }

    /** A loader whose service file lists these classes (binary names, one a line). */
    static ClassLoader listing(Path dir, String... classNames) {
        try {
            Path file = dir.resolve(SERVICE_FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Arrays.stream(classNames).collect(Collectors.joining("\n", "# test plug-in\n", "\n")));
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, new ClassesOnly(TestLoaders.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClassLoader listing(Path dir, List<Class<?>> classes) {
        return listing(dir, classes.stream().map(Class::getName).toArray(String[]::new));
    }

    /** Loads classes through its parent but hides the parent's service files. */
    private static final class ClassesOnly extends ClassLoader {
        ClassesOnly(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("META-INF/services/") ? null : super.getResource(name);
        }
    }
}
