-- The outbox (issue 7): one row per proactive message and recipient, written in the transaction of the
-- business change that causes it and sent by the one rate-limited sender. `key` is the idempotency key
-- (what, about which object, which version, for whom): the same message is never written twice.

-- A send-out an organiser follows (a launch's personal notices): its messages point at it.
CREATE TABLE delivery_reports (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key             text        NOT NULL UNIQUE,
  tenant_id       text        NOT NULL,
  community_id    bigint      NOT NULL REFERENCES communities (id),
  kind            text        NOT NULL CHECK (kind IN ('launch_notice', 'invitation', 'reminder')),
  -- The organiser's card that shows it ({"kind":"progress_card","communityId":…}), or null.
  card            jsonb,
  created_at      timestamptz NOT NULL
);
CREATE INDEX delivery_reports_community ON delivery_reports (community_id, created_at DESC);

CREATE TABLE outbox_messages (
  id                   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key                  text        NOT NULL UNIQUE,
  tenant_id            text        NOT NULL,
  report_id            bigint      REFERENCES delivery_reports (id),
  community_id         bigint,
  category             text        NOT NULL CHECK (category IN ('launch_notice', 'invitation', 'reminder', 'service')),
  operation            text        NOT NULL CHECK (operation IN ('send', 'update', 'delete')),
  recipient            jsonb       NOT NULL,
  -- The person's object id, for person recipients (the report names them; preferences are theirs).
  recipient_aad_object_id text,
  recipient_name       text,
  content              jsonb       NOT NULL,
  replaces             text,
  urgent               boolean     NOT NULL DEFAULT false,
  status               text        NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'sending', 'retrying', 'sent', 'unreachable', 'failed', 'skipped', 'superseded')),
  reason               text,
  fallback             text        CHECK (fallback IN ('installed', 'email_sent', 'none')),
  -- A send whose process died while its request was out: Teams most likely has it (README, "Delivery").
  unconfirmed          boolean     NOT NULL DEFAULT false,
  attempts             integer     NOT NULL DEFAULT 0,
  last_error           text,
  activity_id          text,
  conversation_id      text,
  -- The sender attempt that holds it while it is being sent; a later holder's writes win.
  holder               text,
  next_attempt_at      timestamptz NOT NULL,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX outbox_messages_due ON outbox_messages (tenant_id, urgent DESC, next_attempt_at, id) WHERE status IN ('queued', 'retrying');
CREATE INDEX outbox_messages_sending ON outbox_messages (tenant_id) WHERE status = 'sending';
CREATE INDEX outbox_messages_report ON outbox_messages (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX outbox_messages_replaces ON outbox_messages (replaces) WHERE replaces IS NOT NULL AND status IN ('queued', 'retrying');

-- Every request made for a message, as Teams answered it: what the per-conversation windows are counted
-- from after a restart, and what an operator reads when someone was not reached.
CREATE TABLE outbox_attempts (
  message_id       bigint      NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
  conversation_id  text,
  at               timestamptz NOT NULL,
  http_status      integer,
  code             text
);
CREATE INDEX outbox_attempts_conversation ON outbox_attempts (conversation_id, at);
CREATE INDEX outbox_attempts_message ON outbox_attempts (message_id);
-- A new sender reads the tenant's requests of the last second (its pace follows the previous sender's).
CREATE INDEX outbox_attempts_at ON outbox_attempts (at);
