package io.computecluster.common.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Programs of the host run from tests ({@code mkfifo}, {@code mknod}, {@code stat}). */
public final class Commands {
    private Commands() {
    }

    /**
     * Runs {@code command} to its end and returns what it printed (stdout and stderr); an
     * IOException with that output when it fails or runs past 30 s.
     */
    public static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
