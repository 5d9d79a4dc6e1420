package io.computecluster.master.job;

/** A job as submitted: the function, its inputs and the chunk size. */
public record JobSpec(String function, InputSource inputs, int chunkSize) {
    public JobSpec {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        if ((inputs.total() + chunkSize - 1) / chunkSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many chunks: raise the chunk size");
        }
    }

    public int chunkCount() {
        return (int) ((inputs.total() + chunkSize - 1) / chunkSize);
    }
}
