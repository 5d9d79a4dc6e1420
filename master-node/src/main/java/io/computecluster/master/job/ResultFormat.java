package io.computecluster.master.job;

import java.util.Locale;
import java.util.Optional;

/** How a job's results are written: {@code INPUT<TAB>RESULT} lines or JSON Lines. */
public enum ResultFormat {
    TSV, JSONL;

    /** What a download without a format gets: TSV for integer functions, as before, else JSON Lines. */
    public static ResultFormat defaultFor(JobSpec spec) {
        return spec.isIntegerFunction() ? TSV : JSONL;
    }

    /** Whether {@code spec}'s results can be written this way: TSV needs integer inputs. */
    public boolean fits(JobSpec spec) {
        return this == JSONL || spec.inputType() == io.computecluster.common.column.PayloadType.INTEGER;
    }

    /** {@code tsv} or {@code jsonl}, in any case. */
    public static Optional<ResultFormat> named(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
