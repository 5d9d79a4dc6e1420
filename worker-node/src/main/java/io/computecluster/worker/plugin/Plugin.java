package io.computecluster.worker.plugin;

import io.computecluster.common.column.PayloadType;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * One loaded plug-in jar: its class loader and the compute API's bridge defined in that loader,
 * called through method handles bound once, so that neither the node's copy of the API nor its
 * Jackson ever meets the plug-in's classes. Safe for use by many threads at once.
 */
public final class Plugin {
    /** The bridge class, part of the plug-in runtime every plug-in loader defines for itself. */
    static final String BRIDGE = "io.computecluster.function.spi.PluginBridge";

    private final Path jar;
    private final String version;
    private final ClassLoader loader;
    private final MethodHandle prepare;
    private final MethodHandle apply;
    private final List<PluginFunction> functions;

    private Plugin(Path jar, String version, ClassLoader loader, Object bridge) throws Throwable {
        this.jar = jar;
        this.version = version;
        this.loader = loader;
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> type = bridge.getClass();
        this.prepare = lookup.findVirtual(type, "prepare",
                MethodType.methodType(Object.class, String.class, String.class, String.class)).bindTo(bridge);
        this.apply = lookup.findVirtual(type, "apply",
                MethodType.methodType(Object.class, Object.class, Object.class, int.class, BooleanSupplier.class))
                .bindTo(bridge);
        MethodHandle list = lookup.findVirtual(type, "functions", MethodType.methodType(List.class)).bindTo(bridge);
        List<PluginFunction> offered = new ArrayList<>();
        for (Object entry : (List<?>) list.invoke()) {
            String[] row = (String[]) entry;
            offered.add(new PluginFunction(this, row[0], row[1], PayloadType.fromWireName(row[2]),
                    PayloadType.fromWireName(row[3])));
        }
        this.functions = List.copyOf(offered);
    }

    /**
     * Loads the plug-in in {@code jar}, its runtime read from {@code runtimeSource}.
     *
     * @throws PluginException one line saying why (without the jar's path, which the caller adds)
     */
    public static Plugin load(Path jar, ClassLoader runtimeSource) {
        String version;
        try (JarFile file = new JarFile(jar.toFile())) {
            version = version(file);
        } catch (IOException | SecurityException e) {
            throw new PluginException("cannot be opened as a jar (" + describe(e) + ")", e);
        }
        PluginClassLoader loader = new PluginClassLoader(jar, runtimeSource);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> type;
            try {
                type = Class.forName(BRIDGE, true, loader);
            } catch (ClassNotFoundException e) {
                throw new PluginException("the node lacks the plug-in runtime (" + BRIDGE + " not found)", e);
            }
            Object bridge = MethodHandles.publicLookup()
                    .findConstructor(type, MethodType.methodType(void.class, ClassLoader.class, String.class))
                    .invoke(loader, version);
            return new Plugin(jar, version, loader, bridge);
        } catch (PluginException e) {
            closeQuietly(loader);
            throw e;
        } catch (IllegalStateException e) {
            // The bridge's own one-line reasons: no function, a bad or taken name, a class that fails.
            closeQuietly(loader);
            throw new PluginException(e.getMessage(), e);
        } catch (Throwable e) {
            closeQuietly(loader);
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            throw new PluginException("cannot be loaded (" + describe(e) + ")", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // Nothing was loaded from it that matters any more.
        }
    }

    /** {@code SimpleName: message}, on one line. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return text.replaceAll("\\s+", " ").strip();
    }

    public Path jar() {
        return jar;
    }

    /**
     * The jar's {@code Implementation-Version}, else the version Maven's jar plugin records in
     * {@code META-INF/maven/GROUP/ARTIFACT/pom.properties} (every Maven-built jar has it), else null.
     */
    static String version(JarFile file) throws IOException {
        Manifest manifest = file.getManifest();
        String version = manifest == null ? null
                : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        if (version != null && !version.isBlank()) {
            return version.trim();
        }
        List<JarEntry> poms = file.stream()
                .filter(entry -> entry.getName().startsWith("META-INF/maven/")
                        && entry.getName().endsWith("/pom.properties"))
                .toList();
        // A shaded jar holds its dependencies' pom.properties too: only a jar with one says whose it is.
        if (poms.size() == 1) {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.InputStream in = file.getInputStream(poms.get(0))) {
                properties.load(in);
            }
            String fromPom = properties.getProperty("version");
            return fromPom == null || fromPom.isBlank() ? null : fromPom.trim();
        }
        return null;
    }

    /** The jar's version ({@link #version(JarFile)}), or null. */
    public String version() {
        return version;
    }

    public ClassLoader loader() {
        return loader;
    }

    /** The functions this plug-in offers, by name. */
    public List<PluginFunction> functions() {
        return functions;
    }

    /**
     * Readies a job's calls of {@code function}: its args (JSON object text, or null) parsed once.
     *
     * @throws IllegalArgumentException when the args are not a JSON object
     */
    public Object prepare(String function, String argsJson, String jobId) {
        try {
            return prepare.invoke(function, argsJson, jobId);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Applies a prepared function to one input: a {@code BigInteger} for integer inputs, else the
     * bytes; answers a {@code BigInteger} or bytes likewise. Whatever the function throws comes
     * out unchanged.
     */
    public Object apply(Object prepared, Object input, int attempt, BooleanSupplier cancelled) throws Throwable {
        return (Object) apply.invokeExact(prepared, input, attempt, cancelled);
    }

    @Override
    public String toString() {
        return jar.toString();
    }
}
