-- Meetings (issue 8): official meetings and activities, their speakers, people's answers (registrations)
-- with the seat they hold or their place on the waitlist, reminders, and the cards posted about them.
-- Times are UTC; they are computed and shown in the community's zone (communities.time_zone).

-- 'official': the yearly in-person meeting (9:00–13:00, lunch, neutral venue); 'activity': anything between.
ALTER TABLE meetings ADD COLUMN category text NOT NULL DEFAULT 'official' CHECK (category IN ('official', 'activity'));
-- kind is the format: in person, online, or in person with an online stream (hybrid).
ALTER TABLE meetings DROP CONSTRAINT meetings_kind_check;
ALTER TABLE meetings ADD CONSTRAINT meetings_kind_check CHECK (kind IN ('in_person', 'online', 'hybrid'));
ALTER TABLE meetings ADD COLUMN tenant_id text;
ALTER TABLE meetings ADD COLUMN agenda text NOT NULL DEFAULT '' CHECK (length(agenda) <= 2000);
ALTER TABLE meetings ADD COLUMN lunch_provided boolean NOT NULL DEFAULT false;
-- null: no limit. Seats are taken in one transaction holding the meeting row's lock (storage/meeting-repository.ts).
ALTER TABLE meetings ADD COLUMN capacity integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000);
-- Incremented by every change people must know of (moved, venue, cancelled): cards carry it, .ics SEQUENCE follows it.
ALTER TABLE meetings ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
-- The Teams meeting of the online part: a calendar event with a Teams meeting (teams-graph-facts §5.2).
ALTER TABLE meetings ADD COLUMN online_status text NOT NULL DEFAULT 'none'
  CHECK (online_status IN ('none', 'pending', 'created', 'not_permitted', 'failed', 'manual'));
ALTER TABLE meetings ADD COLUMN join_url text CHECK (join_url IS NULL OR join_url ~ '^https://');
ALTER TABLE meetings ADD COLUMN calendar_owner text;
ALTER TABLE meetings ADD COLUMN calendar_event_id text;
ALTER TABLE meetings ADD COLUMN created_by text;
ALTER TABLE meetings ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE meetings ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE meetings ADD COLUMN cancelled_at timestamptz;
ALTER TABLE meetings ADD COLUMN dietary_purged_at timestamptz;
ALTER TABLE meetings ADD CONSTRAINT meetings_cancelled_when CHECK (status = 'cancelled' OR cancelled_at IS NULL);
ALTER TABLE meetings ADD CONSTRAINT meetings_title_length CHECK (length(title_fr) BETWEEN 1 AND 200 AND length(title_en) BETWEEN 1 AND 200);
ALTER TABLE meetings ADD CONSTRAINT meetings_location_length CHECK (location IS NULL OR length(location) <= 300);
CREATE INDEX meetings_by_start ON meetings (starts_at) WHERE status = 'scheduled';

-- Speakers and invited experts, in the order the organiser listed them.
CREATE TABLE meeting_speakers (
  meeting_id      bigint      NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position        integer     NOT NULL CHECK (position BETWEEN 1 AND 50),
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  role            text        NOT NULL DEFAULT '' CHECK (length(role) <= 120),
  organisation    text        NOT NULL DEFAULT '' CHECK (length(organisation) <= 120),
  email           text        CHECK (email IS NULL OR (length(email) <= 254 AND email LIKE '%_@_%')),
  PRIMARY KEY (meeting_id, position)
);

-- One answer per person and meeting. seat: 'confirmed' holds a seat, 'waitlisted' waits in
-- waitlist_position order; online and declined answers hold none.
CREATE SEQUENCE meeting_waitlist_order;
CREATE TABLE meeting_registrations (
  meeting_id        bigint      NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  tenant_id         text        NOT NULL,
  aad_object_id     text        NOT NULL,
  display_name      text,
  answer            text        NOT NULL CHECK (answer IN ('in_person', 'online', 'declined')),
  seat              text        CHECK (seat IN ('confirmed', 'waitlisted')),
  waitlist_position bigint,
  lunch             boolean,
  -- Visible to the community's organisers only, never logged, purged DIETARY_RETENTION_DAYS after the meeting.
  dietary           text        CHECK (dietary IS NULL OR length(dietary) <= 300),
  attended          boolean,
  answered_at       timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (meeting_id, tenant_id, aad_object_id),
  CHECK ((answer = 'in_person') = (seat IS NOT NULL)),
  CHECK ((seat = 'waitlisted') = (waitlist_position IS NOT NULL)),
  CHECK (answer = 'in_person' OR (lunch IS NULL AND dietary IS NULL))
);
CREATE UNIQUE INDEX meeting_registrations_waitlist ON meeting_registrations (meeting_id, waitlist_position) WHERE seat = 'waitlisted';
CREATE INDEX meeting_registrations_by_person ON meeting_registrations (tenant_id, aad_object_id);

-- When reminders go (per community; default 7 days and 1 day before, at 9:00 local for day offsets).
ALTER TABLE communities ADD COLUMN reminder_offsets text[] NOT NULL DEFAULT ARRAY['7d', '1d']
  CHECK (array_length(reminder_offsets, 1) IS NULL OR array_length(reminder_offsets, 1) <= 5);

-- One row per reminder of a meeting's version: moving a meeting cancels the old version's rows and adds new ones.
CREATE TABLE meeting_reminders (
  meeting_id      bigint      NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  version         integer     NOT NULL,
  offset_code     text        NOT NULL CHECK (offset_code ~ '^[0-9]{1,3}[dhm]$'),
  due_at          timestamptz NOT NULL,
  status          text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'dropped', 'cancelled')),
  -- Bumped when a cancelled reminder is scheduled again (offsets changed back): its job gets a new id.
  generation      integer     NOT NULL DEFAULT 1,
  settled_at      timestamptz,
  PRIMARY KEY (meeting_id, version, offset_code)
);
CREATE INDEX meeting_reminders_due ON meeting_reminders (due_at) WHERE status = 'scheduled';

-- Cards the sender posted (an RSVP card in someone's 1:1 chat, a summary card in a channel): where they
-- are, so a change of the meeting updates each in place. Written when the outbox sends a message with a card key.
CREATE TABLE posted_cards (
  card_key        text        PRIMARY KEY,
  tenant_id       text        NOT NULL,
  conversation_id text        NOT NULL,
  activity_id     text        NOT NULL,
  posted_at       timestamptz NOT NULL
);

ALTER TABLE outbox_messages ADD COLUMN card_key text;
ALTER TABLE delivery_reports DROP CONSTRAINT delivery_reports_kind_check;
ALTER TABLE delivery_reports ADD CONSTRAINT delivery_reports_kind_check CHECK (kind IN ('launch_notice', 'invitation', 'reminder', 'meeting_change'));
ALTER TABLE delivery_reports ADD COLUMN meeting_id bigint REFERENCES meetings (id) ON DELETE SET NULL;

-- Every answer showed the live counts by counting the meeting's registrations, a cost that grew with them
-- (bench/rsvp.ts: 2,000 answers). They are kept here by a trigger in the same transaction as the change, as
-- community_counts are (migration 007): never behind what the rows say.
CREATE TABLE meeting_counts (
  meeting_id  bigint  PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  confirmed   integer NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
  waitlisted  integer NOT NULL DEFAULT 0 CHECK (waitlisted >= 0),
  online      integer NOT NULL DEFAULT 0 CHECK (online >= 0),
  declined    integer NOT NULL DEFAULT 0 CHECK (declined >= 0),
  lunches     integer NOT NULL DEFAULT 0 CHECK (lunches >= 0)
);

-- A zero row first, then the change: a CHECK is tested on the row an INSERT … ON CONFLICT proposes, before
-- the conflict is seen, so a negative delta cannot go through the insert.
CREATE FUNCTION meeting_counts_add(meeting bigint, sign integer, r meeting_registrations) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO meeting_counts (meeting_id) VALUES (meeting) ON CONFLICT (meeting_id) DO NOTHING;
  -- IS NOT DISTINCT FROM: an online or declined answer has no seat (NULL), which counts as no seat, not as unknown.
  UPDATE meeting_counts SET
    confirmed = confirmed + sign * (r.seat IS NOT DISTINCT FROM 'confirmed')::int,
    waitlisted = waitlisted + sign * (r.seat IS NOT DISTINCT FROM 'waitlisted')::int,
    online = online + sign * (r.answer = 'online')::int,
    declined = declined + sign * (r.answer = 'declined')::int,
    lunches = lunches + sign * (r.seat IS NOT DISTINCT FROM 'confirmed' AND coalesce(r.lunch, false))::int
  WHERE meeting_id = meeting
$$;

CREATE FUNCTION meeting_registrations_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM meeting_counts_add(OLD.meeting_id, -1, OLD); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM meeting_counts_add(NEW.meeting_id, 1, NEW); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER meeting_registrations_counted AFTER INSERT OR UPDATE OF answer, seat, lunch OR DELETE ON meeting_registrations
  FOR EACH ROW EXECUTE FUNCTION meeting_registrations_counted();
