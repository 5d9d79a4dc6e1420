package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What {@code GET /functions} answers: every function version workers have offered this master,
 * sorted by name, newest version first, with the worker nodes offering it now.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionList(List<Function> functions) {

    public FunctionList {
        functions = functions == null ? List.of() : List.copyOf(functions);
    }

    /**
     * One version of a function.
     *
     * @param version {@code built-in} for functions every worker has, else the plug-in's version
     * @param input   what it takes: {@code integer}, {@code text}, {@code json} or {@code bytes}
     * @param output  what it gives, as {@code input}
     * @param nodes   the worker nodes ({@code HOST:PORT}) offering it now; empty when it was offered
     *                before but no live worker offers it (its jobs wait)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Function(String name, String version, String input, String output, List<String> nodes) {
        public Function {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }
}
