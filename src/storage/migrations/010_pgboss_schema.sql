-- pg-boss's schema, made here under the migrations' advisory lock: two instances starting together on a
-- fresh database would otherwise race on pg-boss's own CREATE SCHEMA (a duplicate key in pg_namespace
-- stopped the second one). pg-boss then creates its tables inside, under its own lock.
CREATE SCHEMA IF NOT EXISTS pgboss;
