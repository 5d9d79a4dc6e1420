package io.computecluster.examples.client;

import io.computecluster.api.JobStatus;
import io.computecluster.compute.ComputeClient;
import io.computecluster.compute.ComputeException;
import io.computecluster.compute.Inputs;
import io.computecluster.compute.Job;
import io.computecluster.compute.JobRequest;
import io.computecluster.compute.Result;
import io.computecluster.compute.Results;
import io.computecluster.compute.ValueType;
import java.math.BigInteger;

/**
 * Squares the integers 1..N on the cluster and adds the squares up as they stream back: submit,
 * progress, typed results, failures. Arguments: the masters' URLs (comma-separated, default
 * {@code http://127.0.0.1:8080}) and N (default 1,000,000). The sum is checked against
 * N(N+1)(2N+1)/6.
 */
public final class SumOfSquares {
    private SumOfSquares() {
    }

    public static void main(String[] args) {
        String masters = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        long n = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        try (ComputeClient cluster = ComputeClient.connect(masters)) {
            Job job = cluster.submit(JobRequest.square(Inputs.range(1, n)));
            System.err.println("submitted " + job.id());
            JobStatus end = job.await(status -> System.err.printf("\r%s %,d of %,d", status.state(),
                    status.done(), status.total()));
            System.err.println();

            BigInteger sum = BigInteger.ZERO;
            long failed = 0;
            try (Results<BigInteger, BigInteger> results = job.results(ValueType.INTEGER, ValueType.INTEGER)) {
                while (results.hasNext()) {
                    Result<BigInteger, BigInteger> result = results.next();
                    if (result.failed()) {
                        failed++;
                        System.err.println("input " + result.input() + " failed: " + result.error());
                    } else {
                        sum = sum.add(result.value());
                    }
                }
            }
            BigInteger big = BigInteger.valueOf(n);
            BigInteger expected = big.multiply(big.add(BigInteger.ONE)).multiply(big.shiftLeft(1).add(BigInteger.ONE))
                    .divide(BigInteger.valueOf(6));
            System.out.println("sum of squares 1.." + n + " = " + sum + (sum.equals(expected) ? " (exact)" : " (expected "
                    + expected + ")") + ", " + failed + " failed, job " + end.state() + " in " + end.elapsedMillis()
                    + " ms");
        } catch (ComputeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.unreachable() ? 4 : 1);
        }
    }
}
