-- The recordings library (issue 9): what a recording is about (speakers, description, its meeting), who may
-- see it (public: anyone, even outside Teams; members: the community's members and organisers), and a
-- full-text index over title, speakers, description and community name.
--
-- search_text is the folded text (no accents, lower case: domain/text-normalization.ts foldText) the
-- repository writes with the row; searches fold their words the same way, so "securite" finds "Sécurité"
-- on both engines without the unaccent extension. The 'simple' configuration: the library is bilingual,
-- and prefix matching (word:*) stands in for stemming in either language.
ALTER TABLE recordings ADD COLUMN meeting_id bigint REFERENCES meetings (id) ON DELETE SET NULL;
ALTER TABLE recordings ADD COLUMN description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000);
ALTER TABLE recordings ADD COLUMN speakers text[] NOT NULL DEFAULT '{}' CHECK (cardinality(speakers) <= 20);
ALTER TABLE recordings ADD COLUMN visibility text NOT NULL DEFAULT 'members' CHECK (visibility IN ('public', 'members'));
-- Found through Graph (callRecording id): one publication per Teams recording.
ALTER TABLE recordings ADD COLUMN graph_recording_id text UNIQUE;
-- When the tenant deletes the Teams recording, if known (its recording expiry policy).
ALTER TABLE recordings ADD COLUMN expires_at timestamptz;
ALTER TABLE recordings ADD COLUMN published_by text;
ALTER TABLE recordings ADD COLUMN search_text text NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
ALTER TABLE recordings ADD CONSTRAINT recordings_title_length CHECK (length(title) BETWEEN 1 AND 200);
ALTER TABLE recordings ADD CONSTRAINT recordings_url_length CHECK (length(url) <= 2000);

-- Speakers one per row, for the speaker filter and its list of choices.
CREATE TABLE recording_speakers (
  recording_id    bigint      NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  position        integer     NOT NULL CHECK (position BETWEEN 1 AND 20),
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  folded          text        NOT NULL,
  PRIMARY KEY (recording_id, position)
);
CREATE INDEX recording_speakers_by_name ON recording_speakers (folded);

CREATE INDEX recordings_search ON recordings USING gin (search_vector);
-- Newest first, within a community or over the whole library.
CREATE INDEX recordings_newest ON recordings (recorded_on DESC, id DESC);
CREATE INDEX recordings_by_community_newest ON recordings (community_id, recorded_on DESC, id DESC);
CREATE INDEX recordings_public_newest ON recordings (recorded_on DESC, id DESC) WHERE visibility = 'public';
CREATE INDEX recordings_by_meeting ON recordings (meeting_id) WHERE meeting_id IS NOT NULL;

-- The two demo recordings (and any earlier row) become searchable by their title and community.
UPDATE recordings r SET search_text = lower(r.title || ' ' || c.name_fr || ' ' || c.name_en)
  FROM communities c WHERE c.id = r.community_id;
