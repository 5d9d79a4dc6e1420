package io.computecluster.worker;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.function.TaskFunctions;
import io.computecluster.common.node.NodeStartException;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import io.computecluster.worker.plugin.Plugin;
import io.computecluster.worker.plugin.PluginException;
import io.computecluster.worker.plugin.PluginFunction;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The functions a worker node offers: the built-in ones ({@code square}, version
 * {@link FunctionCall#BUILT_IN}, integer to integer) and those of its plug-ins. What every worker
 * actor lists in its {@code RequestWork} and looks a chunk's function up in. Immutable.
 */
public final class FunctionCatalog {
    private final Map<String, TaskFunction> builtIn;
    private final Map<String, PluginFunction> plugins;
    private final List<Plugin> loaded;
    private final List<FunctionOffer> offers;

    /**
     * The built-in functions and {@code plugins}' functions.
     *
     * @throws PluginException naming the later plug-in's jar when a name is offered twice
     */
    FunctionCatalog(Iterable<TaskFunction> builtIn, List<Plugin> plugins) {
        Map<String, TaskFunction> builtIns = new TreeMap<>();
        for (TaskFunction function : builtIn) {
            builtIns.putIfAbsent(function.name(), function);
        }
        Map<String, PluginFunction> byName = new TreeMap<>();
        for (Plugin plugin : plugins) {
            for (PluginFunction function : plugin.functions()) {
                if (builtIns.containsKey(function.name())) {
                    throw new NodeStartException("plug-in " + plugin.jar() + ": function '" + function.name()
                            + "' is built in", null);
                }
                PluginFunction earlier = byName.putIfAbsent(function.name(), function);
                if (earlier != null) {
                    throw new NodeStartException("plug-in " + plugin.jar() + ": function '" + function.name()
                            + "' is offered by " + earlier.plugin().jar() + " too", null);
                }
            }
        }
        List<FunctionOffer> all = new ArrayList<>();
        for (String name : builtIns.keySet()) {
            all.add(new FunctionOffer(name, FunctionCall.BUILT_IN, PayloadType.INTEGER, PayloadType.INTEGER));
        }
        for (PluginFunction function : byName.values()) {
            all.add(new FunctionOffer(function.name(), function.version(), function.input(), function.output()));
        }
        this.builtIn = Collections.unmodifiableMap(builtIns);
        this.plugins = Collections.unmodifiableMap(byName);
        this.loaded = List.copyOf(plugins);
        this.offers = List.copyOf(all);
    }

    /** The built-in functions only. */
    public static FunctionCatalog builtIn() {
        return new FunctionCatalog(classpathFunctions(), List.of());
    }

    /**
     * The built-in functions and those of every {@code *.jar} directly in {@code folder}, loaded in
     * name order, each in a class loader of its own whose plug-in runtime comes from the node's.
     * A folder that does not exist means no plug-ins unless it was {@code required}.
     *
     * @throws NodeStartException one line naming the jar (or folder) and why it cannot be used
     */
    public static FunctionCatalog load(Path folder, boolean required) {
        return load(folder, required, FunctionCatalog.class.getClassLoader());
    }

    static FunctionCatalog load(Path folder, boolean required, ClassLoader runtimeSource) {
        if (!Files.isDirectory(folder)) {
            if (required) {
                throw new NodeStartException("plug-in folder " + folder + " does not exist or is not a folder", null);
            }
            return builtIn();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
            entries.forEach(jars::add);
        } catch (IOException e) {
            throw new NodeStartException("plug-in folder " + folder + " cannot be read (" + e + ")", e);
        }
        Collections.sort(jars);
        List<Plugin> plugins = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                continue;
            }
            try {
                plugins.add(Plugin.load(jar, runtimeSource));
            } catch (PluginException e) {
                throw new NodeStartException("plug-in " + jar + ": " + e.getMessage(), e);
            }
        }
        return new FunctionCatalog(classpathFunctions(), plugins);
    }

    /** {@code square}, and functions of the older classpath interface that tests put on the classpath. */
    private static List<TaskFunction> classpathFunctions() {
        List<TaskFunction> functions = new ArrayList<>();
        for (String name : TaskFunctions.get().names()) {
            TaskFunctions.get().find(name).ifPresent(functions::add);
        }
        return functions;
    }

    /** What a worker actor offers its masters: built-in functions first, then the plug-ins', by name. */
    public List<FunctionOffer> offers() {
        return offers;
    }

    /** The loaded plug-ins, in the order they were loaded. */
    public List<Plugin> plugins() {
        return loaded;
    }

    /** The built-in function {@code name}, when {@code version} is {@link FunctionCall#BUILT_IN}. */
    public Optional<TaskFunction> builtIn(String name, String version) {
        return FunctionCall.BUILT_IN.equals(version) ? Optional.ofNullable(builtIn.get(name)) : Optional.empty();
    }

    /** The plug-in function {@code name} at {@code version}. */
    public Optional<PluginFunction> plugin(String name, String version) {
        PluginFunction function = plugins.get(name);
        return function != null && function.version().equals(version) ? Optional.of(function) : Optional.empty();
    }

    /** Whether some version of {@code name} is offered. */
    public boolean offers(String name) {
        return builtIn.containsKey(name) || plugins.containsKey(name);
    }

    /** One line per plug-in, for the node's log: its jar, version and functions with their types. */
    public List<String> describePlugins() {
        List<String> lines = new ArrayList<>();
        for (Plugin plugin : loaded) {
            Map<String, String> functions = new LinkedHashMap<>();
            for (PluginFunction function : plugin.functions()) {
                functions.put(function.name() + "@" + function.version(), function.input().wireName() + " -> "
                        + function.output().wireName());
            }
            lines.add(plugin.jar() + " (version " + (plugin.version() == null ? "none" : plugin.version()) + "): "
                    + functions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        return lines;
    }
}
