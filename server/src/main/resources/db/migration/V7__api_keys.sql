-- API keys. The secret is never stored: only a salted PBKDF2-HMAC-SHA256 hash of it. A key is
-- presented as swk_<id>_<secret>; the id finds the row, the hash checks the secret. Each key has
-- grants: a scope (read, write, admin, runner), optionally limited to dataset patterns
-- (open_data.* or an exact slug) and workflow clusters (empty arrays: no limit).

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  owner text NOT NULL,
  salt bytea NOT NULL,
  hash bytea NOT NULL,
  iterations integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

CREATE TABLE api_key_grants (
  key_id text NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  scope text NOT NULL CHECK (scope IN ('read', 'write', 'admin', 'runner')),
  datasets text[] NOT NULL DEFAULT '{}',
  clusters text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX api_key_grants_key ON api_key_grants (key_id);

-- Task claims are now random 64-bit lease tokens instead of a per-task counter (set when a task
-- is claimed); the column keeps its meaning: outcomes and renewals must name the current one.
COMMENT ON COLUMN task_queue.claim IS 'random lease token of the current claim; outcomes and renewals must name it';
