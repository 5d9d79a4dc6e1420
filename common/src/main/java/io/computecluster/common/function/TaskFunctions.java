package io.computecluster.common.function;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The built-in task functions of a worker node: {@code square} plus any found on the node's
 * classpath through {@link ServiceLoader} (the tests' own). Users' functions are plug-ins, loaded
 * by the worker node from its plug-in folder instead.
 */
public final class TaskFunctions {
    private static final TaskFunctions INSTANCE = load();

    private final Map<String, TaskFunction> byName;

    private TaskFunctions(Map<String, TaskFunction> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static TaskFunctions get() {
        return INSTANCE;
    }

    public Optional<TaskFunction> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names of all known functions, sorted. */
    public Iterable<String> names() {
        return byName.keySet();
    }

    private static TaskFunctions load() {
        Map<String, TaskFunction> byName = new TreeMap<>();
        TaskFunction square = new Square();
        byName.put(square.name(), square);
        for (TaskFunction function : ServiceLoader.load(TaskFunction.class)) {
            byName.putIfAbsent(function.name(), function);
        }
        return new TaskFunctions(byName);
    }
}
