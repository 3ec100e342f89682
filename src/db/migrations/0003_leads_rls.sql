-- Leads: trigram search, row-level security, the owner/status tallies and the sign-up link (closed loop).
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Staff (sales reps and admins) as one function. It is PL/pgSQL on purpose: the planner cannot see into
-- it, so it estimates it as a plain boolean condition; the inlined current_setting() comparisons made it
-- guess that almost no row passes and pick bitmap scans plus a sort over an ordered index scan.
CREATE OR REPLACE FUNCTION app.is_staff() RETURNS boolean LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN app.is_admin() OR app.is_sales(); END $$;
--> statement-breakpoint
-- The search. LIKE is not leakproof, so PostgreSQL never uses an index for it on a table under row-level
-- security: a search over `leads` would read every row. lead_search therefore holds each lead's search
-- text (and the columns results are filtered, sorted and tallied by) with the trigram index. Request code
-- cannot read it (no grants, RLS on); staff reach it only through app.search_leads(), which runs as the
-- owner. It is the one lead table whose RLS is not FORCE'd, so that function can use the index.
CREATE INDEX IF NOT EXISTS lead_search_trgm_idx ON lead_search USING gin (search_text gin_trgm_ops);
--> statement-breakpoint
ALTER TABLE lead_search ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.search_leads(pattern text)
RETURNS TABLE (id uuid, claimed_by text, status text, created_at timestamptz, last_activity_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 200
AS $$
  SELECT s.lead_id, s.claimed_by, s.status, s.created_at, s.last_activity_at
  FROM lead_search s WHERE app.is_staff() AND s.search_text LIKE pattern
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.search_leads(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.search_leads(text) TO app_user;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.lead_search_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO lead_search (lead_id, search_text, claimed_by, status, created_at, last_activity_at)
    SELECT id, search_text, claimed_by, status, created_at, last_activity_at FROM new_rows;
  ELSE
    INSERT INTO lead_search (lead_id, search_text, claimed_by, status, created_at, last_activity_at)
    SELECT n.id, n.search_text, n.claimed_by, n.status, n.created_at, n.last_activity_at
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.search_text, n.claimed_by, n.status, n.created_at, n.last_activity_at)
      IS DISTINCT FROM (o.search_text, o.claimed_by, o.status, o.created_at, o.last_activity_at)
    ON CONFLICT (lead_id) DO UPDATE SET
      search_text = excluded.search_text, claimed_by = excluded.claimed_by, status = excluded.status,
      created_at = excluded.created_at, last_activity_at = excluded.last_activity_at;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.lead_search_sync() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.lead_search_sync();
--> statement-breakpoint
CREATE TRIGGER leads_search_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.lead_search_sync();
--> statement-breakpoint
-- Row-level security: sales reps and admins read leads, submissions, notes, events and tallies. A rep may
-- change only a lead that is open or theirs; an admin any. Inserting leads and submissions (the demo form),
-- system timeline entries and the tallies happen only on the system path.
ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE leads FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY leads_system ON leads USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
CREATE POLICY leads_staff_read ON leads FOR SELECT USING (app.is_staff());
--> statement-breakpoint
CREATE POLICY leads_staff_update ON leads FOR UPDATE
  USING (app.is_admin() OR (app.is_sales() AND (claimed_by IS NULL OR claimed_by = app.uid())))
  WITH CHECK (app.is_admin() OR (app.is_sales() AND (claimed_by IS NULL OR claimed_by = app.uid())));
--> statement-breakpoint
GRANT SELECT ON leads TO app_user;
--> statement-breakpoint
GRANT UPDATE (status, claimed_by, claimed_at, loss_reason, version, updated_at, last_activity_at) ON leads TO app_user;
--> statement-breakpoint
ALTER TABLE lead_submissions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_submissions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY lead_submissions_system ON lead_submissions USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
CREATE POLICY lead_submissions_staff_read ON lead_submissions FOR SELECT USING (app.is_staff());
--> statement-breakpoint
GRANT SELECT ON lead_submissions TO app_user;
--> statement-breakpoint
ALTER TABLE lead_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_notes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY lead_notes_system ON lead_notes USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
CREATE POLICY lead_notes_staff_read ON lead_notes FOR SELECT USING (app.is_staff());
--> statement-breakpoint
CREATE POLICY lead_notes_staff_insert ON lead_notes FOR INSERT WITH CHECK (
  author_id = app.uid()
  AND app.is_staff()
  AND EXISTS (
    SELECT 1 FROM leads l
    WHERE l.id = lead_id AND (app.is_admin() OR l.claimed_by IS NULL OR l.claimed_by = app.uid())
  )
);
--> statement-breakpoint
GRANT SELECT ON lead_notes TO app_user;
--> statement-breakpoint
GRANT INSERT (lead_id, author_id, body) ON lead_notes TO app_user;
--> statement-breakpoint
ALTER TABLE lead_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY lead_events_system ON lead_events USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
CREATE POLICY lead_events_staff_read ON lead_events FOR SELECT USING (app.is_staff());
--> statement-breakpoint
-- Staff write only the entries of their own actions, as themselves; system entries come from the system.
CREATE POLICY lead_events_staff_insert ON lead_events FOR INSERT WITH CHECK (
  actor_id = app.uid()
  AND app.is_staff()
  AND type IN ('claimed', 'released', 'reassigned', 'status_changed', 'note_added')
);
--> statement-breakpoint
GRANT SELECT ON lead_events TO app_user;
--> statement-breakpoint
GRANT INSERT (lead_id, type, actor_id, from_status, to_status, from_user_id, to_user_id, details) ON lead_events TO app_user;
--> statement-breakpoint
ALTER TABLE lead_counts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_counts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY lead_counts_system ON lead_counts USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
CREATE POLICY lead_counts_staff_read ON lead_counts FOR SELECT USING (app.is_staff());
--> statement-breakpoint
GRANT SELECT ON lead_counts TO app_user;
--> statement-breakpoint
ALTER TABLE demo_rejections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE demo_rejections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY demo_rejections_system ON demo_rejections USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
-- The tallies: lead_counts holds leads per (owner, status), changed by the same statement that changes
-- leads. Statement-level triggers with transition tables apply one grouped delta per statement (a bulk
-- insert of a million rows is one upsert), in key order so concurrent writers lock rows in one order.
CREATE OR REPLACE FUNCTION app.lead_counts_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  IF TG_OP = 'INSERT' THEN
    INSERT INTO lead_counts (owner_id, status, n)
    SELECT coalesce(claimed_by, ''), status, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (owner_id, status) DO UPDATE SET n = lead_counts.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO lead_counts (owner_id, status, n)
    SELECT owner_id, status, sum(delta) FROM (
      SELECT coalesce(claimed_by, '') AS owner_id, status, -1 AS delta FROM old_rows
      UNION ALL
      SELECT coalesce(claimed_by, ''), status, 1 FROM new_rows
    ) changes
    GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (owner_id, status) DO UPDATE SET n = lead_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO lead_counts (owner_id, status, n)
    SELECT coalesce(claimed_by, ''), status, -count(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (owner_id, status) DO UPDATE SET n = lead_counts.n + excluded.n;
  ELSE
    DELETE FROM lead_counts;
  END IF;
  PERFORM set_config('app.system', was, true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.lead_counts_apply() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER leads_counts_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.lead_counts_apply();
--> statement-breakpoint
CREATE TRIGGER leads_counts_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.lead_counts_apply();
--> statement-breakpoint
CREATE TRIGGER leads_counts_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.lead_counts_apply();
--> statement-breakpoint
CREATE TRIGGER leads_counts_truncate AFTER TRUNCATE ON leads
  FOR EACH STATEMENT EXECUTE FUNCTION app.lead_counts_apply();
--> statement-breakpoint
-- Rebuilds the tallies from the leads themselves (a repair tool; the triggers keep them exact).
CREATE OR REPLACE FUNCTION app.recount_leads() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  LOCK TABLE lead_counts IN EXCLUSIVE MODE;
  DELETE FROM lead_counts;
  INSERT INTO lead_counts (owner_id, status, n)
  SELECT coalesce(claimed_by, ''), status, count(*) FROM leads GROUP BY 1, 2;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.recount_leads() FROM PUBLIC;
--> statement-breakpoint
-- Closed loop, part one: an account created with a lead's email is linked to that lead in the statement
-- that creates it; a lead that is not closed becomes `converted`; the timeline says so (actor: system).
CREATE OR REPLACE FUNCTION app.link_leads_on_signup() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  WITH matched AS (
    SELECT id, status FROM leads WHERE email = lower(NEW.email) AND user_id IS NULL FOR UPDATE
  ), linked AS (
    UPDATE leads l SET
      user_id = NEW.id,
      status = CASE WHEN l.status IN ('closed_won', 'closed_lost') THEN l.status ELSE 'converted' END,
      version = l.version + 1,
      updated_at = now(),
      last_activity_at = now()
    FROM matched m
    WHERE l.id = m.id
    RETURNING l.id, m.status AS from_status, l.status AS to_status
  )
  INSERT INTO lead_events (lead_id, type, actor_id, from_status, to_status, details)
  SELECT id, 'signed_up', NULL, from_status, to_status, jsonb_build_object('userId', NEW.id, 'email', lower(NEW.email))
  FROM linked;
  PERFORM set_config('app.system', was, true);
  RETURN NEW;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.link_leads_on_signup() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER users_link_leads AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION app.link_leads_on_signup();
