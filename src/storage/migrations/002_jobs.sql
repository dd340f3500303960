-- Durable background jobs (team provisioning, archiving, later invitations and reminders).
-- A job is claimed atomically (FOR UPDATE SKIP LOCKED) under a lease; its step and data are saved after
-- every step, so a crash resumes where it stopped. `reference` is unique: enqueuing the same work twice
-- returns the existing job.
CREATE TABLE jobs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text        NOT NULL CHECK (kind ~ '^[a-z_]+$'),
  reference     text        NOT NULL UNIQUE,
  state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'succeeded', 'failed')),
  step          text        NOT NULL DEFAULT 'start',
  data          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  attempts      integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  run_after     timestamptz NOT NULL DEFAULT now(),
  locked_by     text,
  locked_until  timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX jobs_due ON jobs (run_after) WHERE state IN ('pending', 'running');
