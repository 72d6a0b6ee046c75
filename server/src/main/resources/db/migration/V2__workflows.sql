-- Workflows: jobs, their tasks, and the queue runners claim from.
--
-- tasks holds every task for good; task_queue holds only the tasks that are ready or running.
-- A queue row is claimable when available_at <= now(): claiming sets available_at to the end of
-- the lease, so a task whose runner died becomes claimable again by itself; finishing deletes
-- the row. Updates of tasks change no indexed column, so PostgreSQL keeps them HOT.

CREATE TABLE jobs (
  id              uuid        PRIMARY KEY,
  name            text        NOT NULL,
  state           smallint    NOT NULL,  -- JobState numbers of workflows.proto
  cluster         text        NOT NULL,
  root_task_id    uuid        NOT NULL,
  idempotency_key text        UNIQUE,
  error           text,
  submitted_at    timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz
);
CREATE INDEX jobs_submitted ON jobs (submitted_at DESC);

CREATE TABLE tasks (
  id              uuid        PRIMARY KEY,
  job_id          uuid        NOT NULL,
  parent_id       uuid,
  cluster         text        NOT NULL,
  name            text        NOT NULL,
  major           int         NOT NULL,
  minor           int         NOT NULL,
  display         text        NOT NULL DEFAULT '',
  input           text        NOT NULL,
  state           smallint    NOT NULL,  -- TaskState numbers of workflows.proto
  optional        boolean     NOT NULL DEFAULT false,
  max_retries     int         NOT NULL DEFAULT 0,
  backoff_ms      bigint      NOT NULL DEFAULT 1000,
  max_backoff_ms  bigint      NOT NULL DEFAULT 60000,
  attempts        int         NOT NULL DEFAULT 0,  -- failed attempts
  lease_expiries  int         NOT NULL DEFAULT 0,
  remaining_deps  int         NOT NULL DEFAULT 0,
  open_children   int         NOT NULL DEFAULT 0,
  has_dependents  boolean     NOT NULL DEFAULT false,
  dep_count       int         NOT NULL DEFAULT 0,
  result          text,
  error           text,
  runner          text,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  started_at      timestamptz,
  finished_at     timestamptz
) WITH (fillfactor = 70);
CREATE INDEX tasks_job ON tasks (job_id);

-- ord keeps the order in which a task listed its dependencies
CREATE TABLE task_deps (
  depends_on uuid NOT NULL,
  task_id    uuid NOT NULL,
  ord        int  NOT NULL,
  PRIMARY KEY (depends_on, task_id)
);
CREATE INDEX task_deps_task ON task_deps (task_id);

CREATE TABLE task_queue (
  id           uuid        PRIMARY KEY,
  job_id       uuid        NOT NULL,
  cluster      text        NOT NULL,
  name         text        NOT NULL,
  major        int         NOT NULL,
  minor        int         NOT NULL,
  available_at timestamptz NOT NULL DEFAULT now(),
  claim        bigint      NOT NULL DEFAULT 0,  -- bumped by every claim; outcomes must name the current one
  runner       text,                            -- holder of the last claim; NULL: never claimed or handed back
  expiries     int         NOT NULL DEFAULT 0   -- claims that ended because the lease expired
);
CREATE INDEX task_queue_ready ON task_queue (cluster, available_at);
CREATE INDEX task_queue_job ON task_queue (job_id);

CREATE TABLE task_progress (
  task_id uuid   NOT NULL,
  label   text   NOT NULL,
  job_id  uuid   NOT NULL,
  total   bigint NOT NULL,
  done    bigint NOT NULL,
  PRIMARY KEY (task_id, label)
);
CREATE INDEX task_progress_job ON task_progress (job_id);

CREATE TABLE task_logs (
  job_id   uuid        NOT NULL,
  task_id  uuid        NOT NULL,
  attempt  int         NOT NULL,
  at       timestamptz NOT NULL,
  level    smallint    NOT NULL,
  message  text        NOT NULL
);
CREATE INDEX task_logs_job ON task_logs (job_id, task_id);
