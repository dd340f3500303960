-- The message that shows a background job's progress to the person who started it (the "creating your
-- community's team" card), so the job can update that card in place. One per job: starting the job
-- again from another message moves it there.
CREATE TABLE progress_messages (
  job_reference   text        PRIMARY KEY,
  activity_id     text        NOT NULL,
  conversation    jsonb       NOT NULL,
  locale          text        NOT NULL CHECK (locale IN ('fr-CA', 'en')),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
