-- Job retention: finished jobs older than the server's --job-retention are pruned with their
-- tasks, dependencies, progress, logs and queue rows (ADR 0013).
--
-- Pruning first moves a job's id from jobs to job_prunes, in one short transaction, so the job
-- disappears at once and is counted once; its rows in the other tables are then deleted in
-- bounded batches, each a transaction of its own, and the job_prunes row goes when none is left.
-- A server that stops half way leaves the job_prunes row, and the next pruning round goes on.

CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE job_prunes (
  job_id    uuid        PRIMARY KEY,
  pruned_at timestamptz NOT NULL DEFAULT now()
);
