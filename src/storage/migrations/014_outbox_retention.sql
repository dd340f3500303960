-- The outbox was never emptied (issue 7's closing note): every proactive message and its attempts stayed
-- for ever. A daily job now deletes settled messages older than OUTBOX_RETENTION_DAYS (jobs/deliver-job.ts),
-- in batches found through this index, and the delivery reports left without messages.
CREATE INDEX outbox_messages_settled ON outbox_messages (updated_at, id)
  WHERE status IN ('sent', 'skipped', 'superseded', 'unreachable', 'failed');
