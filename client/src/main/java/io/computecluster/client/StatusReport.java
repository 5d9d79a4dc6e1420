package io.computecluster.client;

import io.computecluster.api.ClusterStatus;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobStatus;
import io.computecluster.client.TextTable.Align;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bin/status} prints: the cluster's members, its worker nodes, the functions they offer
 * and its jobs, as aligned plain-text tables.
 */
final class StatusReport {
    /** Jobs shown at most, the newest; a master keeps up to 100. */
    static final int MAX_JOBS = 20;
    /** Nodes named per function; the rest are counted. */
    static final int NODES_SHOWN = 3;

    private static final String INDENT = "  ";
    private static final String NL = System.lineSeparator();
    private static final DateTimeFormatter SUBMITTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private StatusReport() {
    }

    /**
     * The three tables.
     *
     * @param jobs newest first, as {@code GET /jobs} lists them
     * @param zone the time zone of the submission times shown
     */
    static String format(ClusterStatus cluster, List<JobStatus> jobs, ZoneId zone) {
        return members(cluster) + NL + workers(cluster) + NL + jobs(jobs, zone);
    }

    /**
     * The four tables; {@code functions} null leaves out the functions (a master too old to list
     * them).
     */
    static String format(ClusterStatus cluster, FunctionList functions, List<JobStatus> jobs, ZoneId zone) {
        return members(cluster) + NL + workers(cluster) + NL
                + (functions == null ? "" : functions(functions) + NL) + jobs(jobs, zone);
    }

    static String functions(FunctionList functions) {
        TextTable table = new TextTable()
                .column("FUNCTION", Align.LEFT)
                .column("VERSION", Align.LEFT)
                .column("INPUT -> OUTPUT", Align.LEFT)
                .column("NODES", Align.LEFT);
        for (FunctionList.Function function : functions.functions()) {
            table.row(text(function.name()), text(function.version()),
                    text(function.input()) + " -> " + text(function.output()), nodes(function.nodes()));
        }
        return "Functions (" + Formats.grouped(functions.functions().size()) + ")" + NL + body(table);
    }

    /** {@code a, b, c and 4 more}, or {@code none now} for a function no live worker offers. */
    private static String nodes(List<String> nodes) {
        if (nodes.isEmpty()) {
            return "none now";
        }
        String shown = String.join(", ", nodes.subList(0, Math.min(NODES_SHOWN, nodes.size())));
        return nodes.size() > NODES_SHOWN ? shown + " and " + (nodes.size() - NODES_SHOWN) + " more" : shown;
    }

    static String members(ClusterStatus cluster) {
        TextTable table = new TextTable()
                .column("ADDRESS", Align.LEFT)
                .column("ROLES", Align.LEFT)
                .column("STATUS", Align.LEFT)
                .column("REACHABLE", Align.LEFT)
                .column("LEADER", Align.LEFT);
        for (ClusterStatus.Member member : cluster.members()) {
            table.row(text(member.address()), String.join(",", member.roles()), text(member.status()),
                    member.reachable() ? "yes" : "NO", member.address() != null
                            && member.address().equals(cluster.leader()) ? "*" : "");
        }
        return "Members (" + cluster.members().size() + ")" + NL + body(table);
    }

    static String workers(ClusterStatus cluster) {
        if (!cluster.jobManagerAnswered()) {
            return "Worker nodes: unknown, the master's job manager does not answer (" + cluster.jobManager() + ")" + NL;
        }
        TextTable table = new TextTable()
                .column("NODE", Align.LEFT)
                .column("ACTORS", Align.RIGHT)
                .column("CHUNKS IN FLIGHT", Align.RIGHT)
                .column("TASKS DONE", Align.RIGHT)
                .column("TASKS/S", Align.RIGHT);
        List<ClusterStatus.WorkerNode> nodes = cluster.workerList().stream()
                .sorted(Comparator.comparing(node -> text(node.node()))).toList();
        for (ClusterStatus.WorkerNode node : nodes) {
            table.row(text(node.node()), Formats.grouped(node.actors()), Formats.grouped(node.chunksInFlight()),
                    Formats.grouped(node.tasksDone()), Formats.grouped(node.tasksPerSecond()));
        }
        return "Worker nodes (" + counted(cluster.workerNodeCount(), "node", "nodes") + ", "
                + counted(cluster.workerActorCount(), "worker actor", "worker actors") + ", "
                + counted(orZero(cluster.chunksInFlight()), "chunk", "chunks") + " in flight, "
                + Formats.grouped(orZero(cluster.tasksPerSecond())) + " tasks/s)" + NL + body(table);
    }

    static String jobs(List<JobStatus> jobs, ZoneId zone) {
        return jobs(jobs, zone, MAX_JOBS);
    }

    /** The jobs table under its title, the {@code max} newest jobs and a count of the others. */
    static String jobs(List<JobStatus> jobs, ZoneId zone, int max) {
        List<JobStatus> shown = jobs.subList(0, Math.min(max, jobs.size()));
        String title = "Jobs (" + Formats.grouped(jobs.size()) + ")" + NL;
        String more = jobs.size() > max
                ? INDENT + "... and " + Formats.grouped(jobs.size() - max) + " older jobs (GET /jobs lists them all)" + NL
                : "";
        return title + jobTable(shown, zone, INDENT) + more;
    }

    /** One job as {@code status ID} and {@code cancel ID} show it: its row, and its first failures if any. */
    static String job(JobStatus job, ZoneId zone) {
        return jobTable(List.of(job), zone, "") + (job.failed() > 0 ? JobOutcome.failed(job) + NL : "");
    }

    /** The jobs table alone, each line starting with {@code indent}. */
    static String jobTable(List<JobStatus> jobs, ZoneId zone, String indent) {
        // Only when a job is held up: the table is otherwise as it always was.
        boolean waiting = jobs.stream().anyMatch(job -> job.waitingFor() != null);
        TextTable table = new TextTable()
                .column("ID", Align.LEFT)
                .column("STATE", Align.LEFT)
                .column("PROGRESS", Align.RIGHT)
                .column("COMPLETED/TOTAL", Align.RIGHT)
                .column("FAILED", Align.RIGHT)
                .column("TASKS/S", Align.RIGHT)
                .column("ELAPSED", Align.RIGHT)
                .column("SUBMITTED AT", Align.LEFT);
        if (waiting) {
            table.column("WAITING FOR", Align.LEFT);
        }
        for (JobStatus job : jobs) {
            List<String> cells = new ArrayList<>(List.of(text(job.id()), job.state().name(),
                    Formats.percent(job.done(), job.total()) + "%",
                    Formats.grouped(job.completed()) + "/" + Formats.grouped(job.total()),
                    Formats.grouped(job.failed()), Formats.grouped(Math.round(job.throughput())),
                    Formats.elapsed(job.elapsedMillis()), submitted(job.submittedAt(), zone)));
            if (waiting) {
                cells.add(job.waitingFor() == null ? "" : job.waitingFor());
            }
            table.row(cells.toArray(String[]::new));
        }
        return table.isEmpty() ? indent + "none" + NL : table.render(indent);
    }

    private static String body(TextTable table) {
        return table.isEmpty() ? INDENT + "none" + NL : table.render(INDENT);
    }

    /** The master's ISO-8601 instant in {@code zone}; as given when it is something else. */
    private static String submitted(String instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        try {
            return SUBMITTED.format(Instant.parse(instant).atZone(zone));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** A figure the master leaves out when its job manager does not answer. */
    private static long orZero(Number figure) {
        return figure == null ? 0 : figure.longValue();
    }

    private static String counted(long count, String one, String many) {
        return Formats.grouped(count) + " " + (count == 1 ? one : many);
    }

    private static String text(String value) {
        return value == null ? "?" : value;
    }
}
