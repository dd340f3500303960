-- Externals and partners who are not in the tenant. A community decides whether they may join its team
-- as B2B guests (reference/peers.md lesson 7); whether or not they can, the organiser's request is kept
-- with its outcome, so asking again is harmless and the organisers know who follows from outside.
ALTER TABLE communities ADD COLUMN guests_allowed boolean NOT NULL DEFAULT false;

CREATE TABLE external_members (
  community_id        bigint      NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  email               text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name        text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  guest_aad_object_id text,
  status              text        NOT NULL CHECK (status IN ('invited', 'added', 'not_allowed', 'failed')),
  reason              text,
  invited_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX external_members_by_email ON external_members (community_id, lower(email));
