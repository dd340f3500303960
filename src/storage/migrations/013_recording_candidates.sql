-- Recordings found through Graph (issue 9, teams-graph-facts §6) for the meetings the app gave a Teams
-- meeting (meetings.online_status = 'created'): each one is a candidate proposed once to the community's
-- organisers, then published (a row of recordings) or dismissed. graph_recording_id is Graph's
-- callRecording id, unique across the tenant: finding it again changes nothing.
CREATE TABLE recording_candidates (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  graph_recording_id    text        NOT NULL UNIQUE CHECK (length(graph_recording_id) BETWEEN 1 AND 1000),
  meeting_id            bigint      NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  online_meeting_id     text        NOT NULL CHECK (length(online_meeting_id) BETWEEN 1 AND 1000),
  content_url           text        CHECK (content_url IS NULL OR (content_url ~ '^https://' AND length(content_url) <= 2000)),
  recording_created_at  timestamptz NOT NULL,
  recording_ended_at    timestamptz,
  -- When Teams deletes the recording (the tenant's meeting recording expiration), when known.
  expires_at            timestamptz,
  status                text        NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'published', 'dismissed')),
  found_at              timestamptz NOT NULL,
  settled_at            timestamptz,
  CHECK ((status = 'proposed') = (settled_at IS NULL))
);
CREATE INDEX recording_candidates_by_meeting ON recording_candidates (meeting_id);

-- The onlineMeeting behind a meeting's calendar event (found once by its join link), so a recording
-- the delta returns is matched to its meeting.
CREATE TABLE meeting_online_meetings (
  meeting_id            bigint      PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  online_meeting_id     text        NOT NULL UNIQUE CHECK (length(online_meeting_id) BETWEEN 1 AND 1000),
  found_at              timestamptz NOT NULL
);

-- The getAllRecordings delta link of each organiser mailbox (lower case): the next round asks only what is new.
CREATE TABLE recording_delta_links (
  mailbox               text        PRIMARY KEY CHECK (mailbox = lower(mailbox) AND length(mailbox) BETWEEN 1 AND 320),
  delta_link            text        NOT NULL CHECK (delta_link ~ '^https://' AND length(delta_link) <= 8000),
  updated_at            timestamptz NOT NULL
);
