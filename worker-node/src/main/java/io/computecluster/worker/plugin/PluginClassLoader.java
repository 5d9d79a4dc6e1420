package io.computecluster.worker.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plug-in jar. Its parent is the platform class loader, so the node's
 * Pekko, Scala, logging and its own classes stay invisible to the plug-in. A class is looked up
 * child-first:
 * <ol>
 * <li>in the plug-in jar, so that what a plug-in bundles (its own Jackson, say) wins;</li>
 * <li>in the <em>plug-in runtime</em>: the compute API and Jackson, whose class files are read
 * from the node's own class loader and defined here, so that every plug-in has a copy of its
 * own and the API's classes link against the plug-in's Jackson when it bundles one;</li>
 * <li>in the parent: the JDK.</li>
 * </ol>
 * Resources (ServiceLoader's files among them) come from the plug-in jar and the JDK only.
 */
public final class PluginClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Class-file folders of the plug-in runtime: the compute API and the three Jackson jars it needs. */
    public static final List<String> RUNTIME = List.of("io/computecluster/function/",
            "com/fasterxml/jackson/annotation/", "com/fasterxml/jackson/core/", "com/fasterxml/jackson/databind/");

    private final ClassLoader runtimeSource;
    private final List<String> runtime;

    /** A loader of {@code jar} whose runtime comes from {@code runtimeSource} (the node's class loader). */
    public PluginClassLoader(Path jar, ClassLoader runtimeSource) {
        this(jar, runtimeSource, RUNTIME);
    }

    PluginClassLoader(Path jar, ClassLoader runtimeSource, List<String> runtime) {
        super("plugin:" + jar.getFileName(), new URL[] {toUrl(jar)}, ClassLoader.getPlatformClassLoader());
        this.runtimeSource = runtimeSource;
        this.runtime = List.copyOf(runtime);
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("java.")) {
            // Only the boot loader may define these.
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> found = findLoadedClass(name);
            if (found == null) {
                try {
                    found = findClass(name);
                } catch (ClassNotFoundException notInJar) {
                    found = defineFromRuntime(name);
                }
            }
            if (found == null) {
                found = getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(found);
            }
            return found;
        }
    }

    /** The runtime's copy of {@code name}, defined in this loader; null when it is not part of it. */
    private Class<?> defineFromRuntime(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/') + ".class";
        if (runtime.stream().noneMatch(file::startsWith)) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = runtimeSource.getResourceAsStream(file)) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read it from the node's runtime", e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
            try {
                definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
            } catch (IllegalArgumentException definedMeanwhile) {
                // Another class of the package was defined on another thread first.
            }
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public URL getResource(String name) {
        URL url = findResource(name);
        return url != null ? url : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }
}
