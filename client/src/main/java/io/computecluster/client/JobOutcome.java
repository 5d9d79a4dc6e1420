package io.computecluster.client;

import io.computecluster.api.JobStatus;
import java.util.List;
import java.util.StringJoiner;

/** One-line descriptions of how a job ended, shared by {@code submit} and {@code demo}. */
final class JobOutcome {
    /** Failed inputs named in the message; the rest are counted. */
    static final int ERRORS_SHOWN = 3;

    private JobOutcome() {
    }

    /** {@code job ID FAILED: K of N inputs failed: 7: boom; 8: boom; ... and 5 more}. */
    static String failed(JobStatus status) {
        StringBuilder message = new StringBuilder("job ").append(status.id()).append(" FAILED: ")
                .append(Formats.grouped(status.failed())).append(" of ").append(Formats.grouped(status.total()))
                .append(" inputs failed");
        List<JobStatus.InputError> errors = status.errors();
        if (!errors.isEmpty()) {
            StringJoiner shown = new StringJoiner("; ", ": ", "");
            for (JobStatus.InputError error : errors.subList(0, Math.min(ERRORS_SHOWN, errors.size()))) {
                shown.add(shorten(error.input(), 40) + ": " + shorten(error.error(), 200));
            }
            message.append(shown);
            long more = status.failed() - Math.min(ERRORS_SHOWN, errors.size());
            if (more > 0) {
                message.append("; and ").append(Formats.grouped(more)).append(" more");
            }
        }
        return message.toString();
    }

    /** {@code job ID was cancelled after 400 of 1,000 inputs}. */
    static String cancelled(JobStatus status) {
        return "job " + status.id() + " was cancelled after " + Formats.grouped(status.done()) + " of "
                + Formats.grouped(status.total()) + " inputs";
    }

    private static String shorten(String text, int max) {
        String value = text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
        return value.length() <= max ? value : value.substring(0, max - 3) + "...";
    }
}
