-- Communities of practice, their organisers, members, interests, meetings and recordings.
-- Users are identified by their Entra object id *and* tenant id, as the authenticated activity gives them.

CREATE TABLE users (
  tenant_id       text        NOT NULL,
  aad_object_id   text        NOT NULL,
  display_name    text,
  locale          text        CHECK (locale IN ('fr-CA', 'en')),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, aad_object_id)
);

CREATE TABLE communities (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug            text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
  name_fr         text        NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 120),
  name_en         text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
  summary_fr      text        NOT NULL CHECK (length(summary_fr) <= 300),
  summary_en      text        NOT NULL CHECK (length(summary_en) <= 300),
  description_fr  text        NOT NULL DEFAULT '' CHECK (length(description_fr) <= 4000),
  description_en  text        NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000),
  status          text        NOT NULL CHECK (status IN ('en_preparation', 'active', 'archived')),
  time_zone       text        NOT NULL DEFAULT 'America/Toronto',
  team_id         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE community_organisers (
  community_id    bigint      NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  tenant_id       text        NOT NULL,
  aad_object_id   text        NOT NULL,
  display_name    text        NOT NULL,
  added_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, tenant_id, aad_object_id)
);

-- One row per (community, person), ever: leaving sets left_at, joining again clears it.
CREATE TABLE memberships (
  community_id    bigint      NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  tenant_id       text        NOT NULL,
  aad_object_id   text        NOT NULL,
  joined_at       timestamptz NOT NULL DEFAULT now(),
  left_at         timestamptz,
  CHECK (left_at IS NULL OR left_at >= joined_at),
  PRIMARY KEY (community_id, tenant_id, aad_object_id)
);
CREATE INDEX memberships_by_user ON memberships (tenant_id, aad_object_id) WHERE left_at IS NULL;

CREATE TABLE interests (
  community_id    bigint      NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  tenant_id       text        NOT NULL,
  aad_object_id   text        NOT NULL,
  registered_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, tenant_id, aad_object_id)
);
CREATE INDEX interests_by_user ON interests (tenant_id, aad_object_id);

CREATE TABLE meetings (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id    bigint      NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title_fr        text        NOT NULL,
  title_en        text        NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('in_person', 'online')),
  location        text,
  starts_at       timestamptz NOT NULL,
  ends_at         timestamptz NOT NULL,
  status          text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_upcoming ON meetings (community_id, starts_at) WHERE status = 'scheduled';

CREATE TABLE recordings (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id    bigint      NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title           text        NOT NULL,
  url             text        NOT NULL CHECK (url ~ '^https://'),
  recorded_on     date        NOT NULL,
  published_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recordings_by_community ON recordings (community_id);

-- Where the bot can write to later (proactive messages). Refreshed on every incoming activity.
CREATE TABLE conversation_references (
  conversation_id   text        PRIMARY KEY,
  tenant_id         text        NOT NULL,
  conversation_type text        NOT NULL CHECK (conversation_type IN ('personal', 'groupChat', 'channel')),
  aad_object_id     text,
  team_id           text,
  service_url       text        NOT NULL,
  reference         jsonb       NOT NULL,
  installed         boolean     NOT NULL DEFAULT true,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX conversation_references_personal ON conversation_references (tenant_id, aad_object_id)
  WHERE conversation_type = 'personal';
CREATE INDEX conversation_references_team ON conversation_references (team_id) WHERE team_id IS NOT NULL;
