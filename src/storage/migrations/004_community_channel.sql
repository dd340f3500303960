-- The community team's General channel, learned when the app is installed in the team: where invitations
-- and reminders for the whole community are posted (its conversation reference is in conversation_references).
ALTER TABLE communities ADD COLUMN general_channel_id text;
CREATE INDEX communities_by_team ON communities (team_id) WHERE team_id IS NOT NULL;
