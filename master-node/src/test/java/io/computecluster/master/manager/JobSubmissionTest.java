package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.store.JobEventCodec;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobSubmissionTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static JobEvent.JobSubmitted submitted(InputSource inputs) {
        return new JobEvent.JobSubmitted("j-1", new JobSpec("square", inputs, 100), AT);
    }

    @Test
    void aRangeOrAShortListTravelsWithAdmitAndReadsBackTheSame() {
        for (InputSource inputs : new InputSource[] {
                new InputSource.Range(BigInteger.ONE, BigInteger.TEN.pow(9)),
                new InputSource.Listed(Numbers.of(new long[JobSubmission.INLINE_INPUTS]))}) {
            JobEvent.JobSubmitted event = submitted(inputs);
            byte[] bytes = JobSubmission.inline(event);
            assertTrue(bytes.length > 0, "inline: " + inputs.describe());
            assertEquals(event, JobEventCodec.decodeSubmitted(bytes));
        }
    }

    @Test
    void aLongListOrABigOneIsReadFromTheStoreInstead() {
        assertEquals(0, JobSubmission.inline(submitted(new InputSource.Listed(
                Numbers.of(new long[JobSubmission.INLINE_INPUTS + 1])))).length, "too many inputs");
        NumbersBuilder big = new NumbersBuilder(20);
        for (int i = 0; i < 20; i++) {
            big.setBig(i, BigInteger.TEN.pow(5000).add(BigInteger.valueOf(i)));
        }
        assertEquals(0, JobSubmission.inline(submitted(new InputSource.Listed(big.build()))).length,
                "20 inputs of 5,000 digits pass " + JobSubmission.INLINE_BYTES + " bytes");
    }
}
