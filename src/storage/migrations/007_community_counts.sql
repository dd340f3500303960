-- Every catalogue view showed each community's member and interest counts by counting rows, so its cost grew
-- with the members (1 ms on PGlite at 3,000 members, bench/commands.ts). The counts are kept here instead, by
-- triggers in the same transaction as the change they count: they are never behind what the rows say, on
-- every instance. A separate narrow table, so a join rewrites a small row, not the community's.
CREATE TABLE community_counts (
  community_id bigint  PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  members      integer NOT NULL DEFAULT 0,
  interests    integer NOT NULL DEFAULT 0
);

-- From the communities table, so a community being deleted (its rows cascading) is not counted again.
CREATE FUNCTION community_counts_add(community bigint, member_delta integer, interest_delta integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO community_counts (community_id, members, interests)
  SELECT id, member_delta, interest_delta FROM communities WHERE id = community
  ON CONFLICT (community_id) DO UPDATE
    SET members = community_counts.members + EXCLUDED.members, interests = community_counts.interests + EXCLUDED.interests
$$;

-- A membership counts while left_at is null.
CREATE FUNCTION memberships_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.left_at IS NULL THEN PERFORM community_counts_add(OLD.community_id, -1, 0); END IF;
  IF TG_OP <> 'DELETE' AND NEW.left_at IS NULL THEN PERFORM community_counts_add(NEW.community_id, 1, 0); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER memberships_counted AFTER INSERT OR UPDATE OF community_id, left_at OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION memberships_counted();

CREATE FUNCTION interests_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM community_counts_add(OLD.community_id, 0, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM community_counts_add(NEW.community_id, 0, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER interests_counted AFTER INSERT OR UPDATE OF community_id OR DELETE ON interests
  FOR EACH ROW EXECUTE FUNCTION interests_counted();

INSERT INTO community_counts (community_id, members, interests)
SELECT c.id,
       (SELECT count(*) FROM memberships m WHERE m.community_id = c.id AND m.left_at IS NULL),
       (SELECT count(*) FROM interests i WHERE i.community_id = c.id)
  FROM communities c;
