-- Background jobs now live in pg-boss's own schema (pgboss.job), which pg-boss creates and migrates at
-- start. What a provisioning has done so far is domain state, kept here one row per community, not in a
-- job: jobs only carry "advance community N, run R" and can come and go (retention) without losing it.
CREATE TABLE team_provisionings (
  community_id  bigint      PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
  status        text        NOT NULL DEFAULT 'underway' CHECK (status IN ('underway', 'succeeded', 'failed')),
  step          text        NOT NULL DEFAULT 'start',
  data          jsonb       NOT NULL,
  -- Which job of the provisioning is current: each wait or restart hands over to a job with the next run.
  run           integer     NOT NULL DEFAULT 1 CHECK (run >= 1),
  -- The job attempt running it now; a later attempt takes over and the earlier one can no longer write.
  holder        text,
  last_error    text,
  failure       jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Provisionings recorded by the old queue keep their step and data; those still underway get their job
-- from the app at its next start (it re-sends the current job of every provisioning underway).
INSERT INTO team_provisionings (community_id, status, step, data, last_error, failure, created_at, updated_at)
SELECT substring(j.reference FROM '^provision_team:(\d+)$')::bigint,
       CASE j.state WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed' ELSE 'underway' END,
       j.step, j.data - 'failure', j.last_error, j.data -> 'failure', j.created_at, j.updated_at
  FROM jobs j
  JOIN communities c ON c.id = substring(j.reference FROM '^provision_team:(\d+)$')::bigint
 WHERE j.kind = 'provision_team';

DROP TABLE jobs;
