package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol.Busy;
import io.computecluster.master.manager.JobManagerProtocol.ListsBusy;
import io.computecluster.master.manager.JobManagerProtocol.NotAccepted;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {
    private final AdmissionPolicy policy = new AdmissionPolicy(2, 100);

    @Test
    void aNewJobIsRefusedWhileTheStoreFailsOrTooManyJobsAreUnfinished() {
        assertEquals(Optional.empty(), policy.refusal(1, null));
        assertEquals(Optional.of(new Busy(2, 2)), policy.refusal(2, null));
        assertEquals(Optional.of(new NotAccepted("the job store is failing (disk full): no new jobs until it works"
                + " again")), policy.refusal(0, "disk full"));
    }

    @Test
    void aListIsRefusedWhenTheListsHeldWouldPassTheLimitAndARangeNever() {
        JobSpec list = new JobSpec("square", new InputSource.Listed(Numbers.of(new long[40])), 10);
        assertEquals(Optional.empty(), policy.refusal(list, 60));
        assertEquals(Optional.of(new ListsBusy(61, 40, 100)), policy.refusal(list, 61));
        JobSpec range = new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(1000)), 10);
        assertEquals(Optional.empty(), policy.refusal(range, 1000));
    }
}
