-- The job store: every event of every job, one row each, numbered per job from 1. Flyway applies
-- this once per store (JobStoreSchema); ${bytes} is BLOB on H2 and BYTEA on PostgreSQL.
--
--   job_id      the job's id
--   seq         the event's number within its job: 1 is its definition, then its chunks' results
--               and its cancellation, in the order they were written
--   kind        what the event is, which says how to read payload: submitted, completed or
--               cancelled (JobEventCodec)
--   payload     the event in JobEventCodec's binary form
--   written_at  when the row was written, by the database's clock
--
-- The primary key serves every query: a job replayed in order and one event read by its number
-- (job_id, seq), the jobs listed (DISTINCT job_id, its leading column), a job erased (job_id).
-- Recovery replays every job it lists, so an index for listing alone would cost every insert and
-- save nothing. The key is also the writers' fence: a second event of one number is refused.
CREATE TABLE job_events (
    job_id     VARCHAR(64) NOT NULL,
    seq        BIGINT NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    payload    ${bytes} NOT NULL,
    written_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT job_events_pk PRIMARY KEY (job_id, seq),
    CONSTRAINT job_events_seq_from_1 CHECK (seq >= 1)
);
