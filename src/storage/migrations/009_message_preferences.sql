-- What a person chose with `préférences` / `preferences`.
--
-- The language chosen explicitly is a column of its own: users.locale is the language last *used* (the
-- ConversationRecorder writes it whenever a French or English command word is typed), and typing "aide"
-- must not undo an explicit choice of English. NULL: no explicit choice, follow the language used.
ALTER TABLE users ADD COLUMN chosen_locale text CHECK (chosen_locale IN ('fr-CA', 'en'));

-- One row per explicit choice of a kind of proactive message: for one community, or (community_id NULL)
-- for all. No row: accepted (domain/delivery/message-preferences.ts, accepts). `service` messages are
-- never refused, so they cannot be stored here.
CREATE TABLE message_category_choices (
  tenant_id       text        NOT NULL,
  aad_object_id   text        NOT NULL,
  category        text        NOT NULL CHECK (category IN ('launch_notice', 'invitation', 'reminder')),
  community_id    bigint      REFERENCES communities(id) ON DELETE CASCADE,
  accepted        boolean     NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- NULLs are distinct in a plain unique index, so "all communities" goes through a sentinel: community ids
-- are identity values from 1, never 0. ON CONFLICT names the same expression.
CREATE UNIQUE INDEX message_category_choices_one_per_scope
  ON message_category_choices (tenant_id, aad_object_id, category, (coalesce(community_id, 0)));
