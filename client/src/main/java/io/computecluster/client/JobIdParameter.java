package io.computecluster.client;

import picocli.CommandLine.Parameters;

/** The job a verb is about, a picocli mixin: the id {@code submit} printed and {@code jobs} lists. */
final class JobIdParameter {
    @Parameters(index = "0", paramLabel = "ID", description = "The job's id, as submit prints it and jobs lists it.")
    String id;

    String id() {
        return id.strip();
    }
}
