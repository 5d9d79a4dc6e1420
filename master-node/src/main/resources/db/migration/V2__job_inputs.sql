-- The inputs of jobs given as lists, in blocks: the master's heap holds none of them, only each
-- job's block layout (in its definition, event 1). ${bytes} is BLOB on H2 and BYTEA on PostgreSQL.
--
--   job_id   the job's id
--   block    the block's number within its job, from 0
--   payload  the block's inputs as one column in ColumnCodec's binary form (a few thousand inputs,
--            at most about 1 MiB)
--
-- Written by the master node that took the job's request, as its body is read and before its
-- definition; read by the job manager as it hands chunks out and by downloads; erased with the
-- job's events. Rows without a definition (a submission that failed half way, or one still being
-- streamed) are listed with the jobs, and the job manager erases them an hour after it recovers
-- unless their job was submitted by then.
CREATE TABLE job_inputs (
    job_id  VARCHAR(64) NOT NULL,
    block   INT NOT NULL,
    payload ${bytes} NOT NULL,
    CONSTRAINT job_inputs_pk PRIMARY KEY (job_id, block),
    CONSTRAINT job_inputs_block_from_0 CHECK (block >= 0)
);
