package io.computecluster.benchmarks.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 7: the Python seed design ({@code task_master.py} with W spawned workers) run in the same
 * benchmark, one number per message and batched, its {@code tasks_per_s} taken from its JSON line.
 */
final class PythonBaseline {
    static final int SINGLE_INPUTS = 20_000;
    static final int BATCHED_INPUTS = 1_000_000;
    static final int BATCH = 500;
    private static final long TIMEOUT_SECONDS = 300;

    private final Path seedDir;
    private final Path workDir;
    private final Report report;
    private final PrintStream log;
    private final ObjectMapper json = new ObjectMapper();

    PythonBaseline(Path seedDir, Path workDir, Report report, PrintStream log) {
        this.seedDir = seedDir;
        this.workDir = workDir;
        this.report = report;
        this.log = log;
    }

    /** Why the baseline cannot run here, or null when it can. */
    String unavailable() {
        if (!Files.isRegularFile(seedDir.resolve("task_master.py"))) {
            return "no task_master.py in " + seedDir + " (give its folder with --baseline DIR)";
        }
        try {
            Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "python3 --version failed";
            }
            return null;
        } catch (IOException e) {
            return "python3 is not on the PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** One run of each variant with {@code workers} Python workers, one after the other. */
    void run(int workers, int run) throws IOException, InterruptedException {
        double single = measure(workers, run, SINGLE_INPUTS, 1);
        report.add(workers, Report.PY_SINGLE, single);
        double batched = measure(workers, run, BATCHED_INPUTS, BATCH);
        report.add(workers, Report.PY_BATCHED, batched);
        log.println(String.format(Locale.ROOT, "  W=%d Python seed run %d: %,.0f tasks/s one per message, "
                + "%,.0f tasks/s batch %d", workers, run, single, batched, BATCH));
    }

    private double measure(int workers, int run, int inputs, int batch) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("python3",
                seedDir.resolve("task_master.py").toString(), "--n", String.valueOf(inputs),
                "--spawn-workers", String.valueOf(workers), "--port", String.valueOf(port)));
        if (batch > 1) {
            command.addAll(List.of("--batch", String.valueOf(batch)));
        }
        Files.createDirectories(workDir);
        Path output = workDir.resolve("python-w" + workers + "-b" + batch + "-" + run + ".out");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("task_master.py did not end within " + TIMEOUT_SECONDS + " s: " + command);
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        JsonNode result = null;
        for (String line : lines) {
            if (line.startsWith("{")) {
                result = json.readTree(line);
            }
        }
        if (process.exitValue() != 0 || result == null || !result.path("correct").asBoolean(false)
                || !result.has("tasks_per_s")) {
            throw new IOException("task_master.py (" + String.join(" ", command.subList(2, command.size()))
                    + ") exited " + process.exitValue() + ": "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        }
        report.detail(workers, batch > 1 ? Report.PY_BATCHED : Report.PY_SINGLE,
                json.convertValue(result, new TypeReference<Map<String, Object>>() { }));
        return result.get("tasks_per_s").asDouble();
    }

    /**
     * A port free right now for the Python seed's master: the seed's design takes a port number and
     * hands it to the workers it spawns, so it cannot bind port 0 and say which; a race with another
     * process only fails that one measurement, with task_master.py's own error.
     */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
