-- The sales dashboard's daily rollups (SPEC §3): the dashboard reads a few rows per day of its range instead
-- of every lead submitted, claimed or won in it, so its 30-day view costs the same at ten thousand leads as
-- at a million. Each table is kept exact by statement-level triggers on the table it sums (one grouped
-- delta per statement, like lead_counts), in the transaction that changes the rows, and
-- app.rebuild_dashboard_rollups() recomputes all of them from scratch (the repair tool, and what a test
-- compares them with after a random history).
--
-- A day is a calendar day in the app's time zone (APP_TIMEZONE), the zone in dashboard_zone: the dashboard's
-- ranges are whole local days. When the app starts with another zone it rebuilds the rollups for it
-- (features/dashboard/rollup-zone.ts).
--
--   lead_cohort_days   leads by submission day × highest stage × outcome now (open, won, lost) × first
--                      contact (0 within an hour, 1 within a day, 2 later, 3 none yet)
--   lead_loss_days     lost leads by submission day × loss reason ('' for none)
--   lead_contact_days  answered leads by submission day × delay bucket (four per doubling of the delay);
--                      the exact median is then read from the leads of one bucket (leads_contact_delay_idx)
--   lead_win_days      leads won now, by the day they were won × who owned them then ('' for nobody)
--   lead_claim_days    distinct leads each person claimed, per day of the claim
--   lead_claim_repeats every claim day of a (lead, person) pair claimed on more than one day, so a range
--                      counts such a lead once: Σ days − (repeat days in range − repeated pairs in range)
--   lead_revenue_days  lead_revenue of leads won now, by the day they were won × winner × currency
--   lead_revenue_totals lead_revenue by winner × currency ('' for a lead not won, or won while unowned)
CREATE OR REPLACE FUNCTION app.lead_outcome(status text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE status WHEN 'closed_won' THEN 'won' WHEN 'closed_lost' THEN 'lost' ELSE 'open' END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.first_contact_group(first_contact_at timestamptz, created_at timestamptz) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN first_contact_at IS NULL THEN 3
    WHEN first_contact_at - created_at <= interval '1 hour' THEN 0
    WHEN first_contact_at - created_at <= interval '24 hours' THEN 1
    ELSE 2 END::smallint
$$;
--> statement-breakpoint
-- Four buckets per doubling: bucket b holds delays d (seconds) with floor(4 · log2(d + 1)) = b.
CREATE OR REPLACE FUNCTION app.contact_delay_bucket(delay interval) RETURNS smallint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT floor(4 * ln(greatest(extract(epoch FROM delay)::float8, 0) + 1) / ln(2))::smallint
$$;
--> statement-breakpoint
-- A stored column rather than an expression index: under row-level security only leakproof operators use an
-- index, and smallint equality is one while a call of our own function is not.
ALTER TABLE leads ADD COLUMN contact_delay_bucket smallint
  GENERATED ALWAYS AS (app.contact_delay_bucket(first_contact_at - created_at)) STORED;
--> statement-breakpoint
-- The median's read of one bucket: by submission time for a few days' leads (then sorted), in delay order for
-- long ranges (read up to the middle, no sort); both index-only.
CREATE INDEX leads_contact_delay_idx ON leads (contact_delay_bucket, created_at) INCLUDE (first_contact_at)
  WHERE first_contact_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX leads_contact_delay_order_idx ON leads (contact_delay_bucket, (first_contact_at - created_at))
  INCLUDE (created_at, first_contact_at) WHERE first_contact_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX leads_waiting_idx ON leads (created_at)
  WHERE first_contact_at IS NULL AND status NOT IN ('closed_won', 'closed_lost');
--> statement-breakpoint
ALTER TABLE lead_revenue ADD COLUMN won_at timestamptz;
--> statement-breakpoint
CREATE TABLE dashboard_zone (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  zone text NOT NULL
);
--> statement-breakpoint
INSERT INTO dashboard_zone (id, zone) VALUES (true, 'UTC');
--> statement-breakpoint
CREATE TABLE lead_cohort_days (
  day date NOT NULL,
  highest_stage smallint NOT NULL,
  outcome text NOT NULL,
  contact smallint NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, highest_stage, outcome, contact)
);
--> statement-breakpoint
CREATE TABLE lead_loss_days (
  day date NOT NULL,
  loss_reason text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, loss_reason)
);
--> statement-breakpoint
CREATE TABLE lead_contact_days (
  day date NOT NULL,
  bucket smallint NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, bucket)
);
--> statement-breakpoint
CREATE TABLE lead_win_days (
  day date NOT NULL,
  won_by text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, won_by)
);
--> statement-breakpoint
CREATE TABLE lead_claim_days (
  day date NOT NULL,
  user_id text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, user_id)
);
--> statement-breakpoint
CREATE TABLE lead_claim_repeats (
  lead_id uuid NOT NULL,
  user_id text NOT NULL,
  day date NOT NULL,
  PRIMARY KEY (lead_id, user_id, day)
);
--> statement-breakpoint
CREATE INDEX lead_claim_repeats_day_idx ON lead_claim_repeats (day);
--> statement-breakpoint
CREATE TABLE lead_revenue_days (
  day date NOT NULL,
  won_by text NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL DEFAULT 0,
  leads integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, won_by, currency)
);
--> statement-breakpoint
CREATE TABLE lead_revenue_totals (
  won_by text NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL DEFAULT 0,
  leads integer NOT NULL DEFAULT 0,
  PRIMARY KEY (won_by, currency)
);
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['dashboard_zone', 'lead_cohort_days', 'lead_loss_days', 'lead_contact_days',
    'lead_win_days', 'lead_claim_days', 'lead_claim_repeats', 'lead_revenue_days', 'lead_revenue_totals'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()))', t || '_system', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING ((SELECT app.is_staff()))', t || '_staff_read', t);
    EXECUTE format('GRANT SELECT ON %I TO app_user', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The triggers: one function per source table and kind of statement (insert, update, delete), each made
-- from its table's template below, so each reads its statement's transition tables where they are (no
-- copies, whatever the statement's size) with plans kept for the connection. Each applies one grouped
-- delta per rollup (rows added count 1, rows removed -1; an update is both), in key order so concurrent
-- writers lock rollup rows in one order, as the system (the writer may be a rep, who cannot write them).
DO $migration$
DECLARE
  kind text;
  changes text;
  claims text;
BEGIN
  FOREACH kind IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
    changes := CASE kind
      WHEN 'insert' THEN 'SELECT n.*, 1 AS delta FROM new_rows n'
      WHEN 'update' THEN 'SELECT n.*, 1 AS delta FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o'
      ELSE 'SELECT o.*, -1 AS delta FROM old_rows o' END;

    -- leads → cohort, losses, contact delays (by submission day) and wins (by the day of the win).
    EXECUTE format($template$
      CREATE OR REPLACE FUNCTION app.lead_rollups_%1$s() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $body$
      DECLARE
        was text := coalesce(current_setting('app.system', true), '');
        day_zone text;
      BEGIN
        PERFORM set_config('app.system', 'on', true);
        day_zone := (SELECT d.zone FROM dashboard_zone d);
        INSERT INTO lead_cohort_days (day, highest_stage, outcome, contact, n)
        SELECT (created_at AT TIME ZONE day_zone)::date, highest_stage, app.lead_outcome(status),
          app.first_contact_group(first_contact_at, created_at), sum(delta)
        FROM (%2$s) c
        GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (day, highest_stage, outcome, contact) DO UPDATE SET n = lead_cohort_days.n + excluded.n;

        INSERT INTO lead_loss_days (day, loss_reason, n)
        SELECT (created_at AT TIME ZONE day_zone)::date, coalesce(loss_reason, ''), sum(delta)
        FROM (%2$s) c WHERE status = 'closed_lost'
        GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
        ON CONFLICT (day, loss_reason) DO UPDATE SET n = lead_loss_days.n + excluded.n;

        INSERT INTO lead_contact_days (day, bucket, n)
        SELECT (created_at AT TIME ZONE day_zone)::date, contact_delay_bucket, sum(delta)
        FROM (%2$s) c WHERE contact_delay_bucket IS NOT NULL
        GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
        ON CONFLICT (day, bucket) DO UPDATE SET n = lead_contact_days.n + excluded.n;

        INSERT INTO lead_win_days (day, won_by, n)
        SELECT (won_at AT TIME ZONE day_zone)::date, coalesce(won_by, ''), sum(delta)
        FROM (%2$s) c WHERE won_at IS NOT NULL
        GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
        ON CONFLICT (day, won_by) DO UPDATE SET n = lead_win_days.n + excluded.n;
        PERFORM set_config('app.system', was, true);
        RETURN NULL;
      END
      $body$
    $template$, kind, changes);

    -- lead_revenue → revenue won per day, and revenue per winner.
    EXECUTE format($template$
      CREATE OR REPLACE FUNCTION app.revenue_rollups_%1$s() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $body$
      DECLARE
        was text := coalesce(current_setting('app.system', true), '');
        day_zone text;
      BEGIN
        PERFORM set_config('app.system', 'on', true);
        day_zone := (SELECT d.zone FROM dashboard_zone d);
        INSERT INTO lead_revenue_totals (won_by, currency, amount, leads)
        SELECT coalesce(won_by, ''), currency, sum(delta * amount), sum(delta)
        FROM (%2$s) c
        GROUP BY 1, 2 HAVING sum(delta * amount) <> 0 OR sum(delta) <> 0 ORDER BY 1, 2
        ON CONFLICT (won_by, currency) DO UPDATE
          SET amount = lead_revenue_totals.amount + excluded.amount, leads = lead_revenue_totals.leads + excluded.leads;

        INSERT INTO lead_revenue_days (day, won_by, currency, amount, leads)
        SELECT (won_at AT TIME ZONE day_zone)::date, coalesce(won_by, ''), currency, sum(delta * amount), sum(delta)
        FROM (%2$s) c WHERE won_at IS NOT NULL
        GROUP BY 1, 2, 3 HAVING sum(delta * amount) <> 0 OR sum(delta) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (day, won_by, currency) DO UPDATE
          SET amount = lead_revenue_days.amount + excluded.amount, leads = lead_revenue_days.leads + excluded.leads;
        PERFORM set_config('app.system', was, true);
        RETURN NULL;
      END
      $body$
    $template$, kind, changes);

    -- lead_events → claims. For every (lead, person) pair the statement touched: the days it was claimed
    -- on before and after (the entries now, less the added, plus the removed), so each day counts the pair
    -- once; and the days of every pair claimed on more than one day.
    claims := CASE kind
      WHEN 'insert' THEN
        'SELECT lead_id, to_user_id AS user_id, created_at, 1 AS added, 0 AS removed FROM new_rows
         WHERE type = ''claimed'' AND to_user_id IS NOT NULL'
      WHEN 'update' THEN
        'SELECT lead_id, to_user_id AS user_id, created_at, 1 AS added, 0 AS removed FROM new_rows
         WHERE type = ''claimed'' AND to_user_id IS NOT NULL
         UNION ALL
         SELECT lead_id, to_user_id, created_at, 0, 1 FROM old_rows WHERE type = ''claimed'' AND to_user_id IS NOT NULL'
      ELSE
        'SELECT lead_id, to_user_id AS user_id, created_at, 0 AS added, 1 AS removed FROM old_rows
         WHERE type = ''claimed'' AND to_user_id IS NOT NULL' END;
    EXECUTE format($template$
      CREATE OR REPLACE FUNCTION app.claim_rollups_%1$s() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $body$
      DECLARE
        was text := coalesce(current_setting('app.system', true), '');
        day_zone text;
      BEGIN
        IF NOT EXISTS (%2$s) THEN
          RETURN NULL;
        END IF;
        PERFORM set_config('app.system', 'on', true);
        day_zone := (SELECT d.zone FROM dashboard_zone d);
        WITH changed AS (
          %2$s
        ), pairs AS (
          SELECT DISTINCT lead_id, user_id FROM changed
        ), entries AS (
          SELECT e.lead_id, e.to_user_id AS user_id, e.created_at, 1 AS present, 0 AS added, 0 AS removed
          FROM lead_events e JOIN pairs p ON p.lead_id = e.lead_id AND p.user_id = e.to_user_id
          WHERE e.type = 'claimed'
          UNION ALL
          SELECT lead_id, user_id, created_at, 0, added, removed FROM changed
        ), pair_days AS (
          SELECT lead_id, user_id, (created_at AT TIME ZONE day_zone)::date AS day,
            sum(present) AS now_n, sum(present - added + removed) AS before_n
          FROM entries GROUP BY 1, 2, 3
        ), repeat_days AS (
          SELECT lead_id, user_id, day FROM (
            SELECT lead_id, user_id, day, count(*) OVER (PARTITION BY lead_id, user_id) AS days
            FROM pair_days WHERE now_n > 0
          ) d WHERE days > 1
        ), counted AS (
          INSERT INTO lead_claim_days (day, user_id, n)
          SELECT day, user_id, sum((now_n > 0)::int - (before_n > 0)::int) FROM pair_days
          GROUP BY 1, 2 HAVING sum((now_n > 0)::int - (before_n > 0)::int) <> 0 ORDER BY 1, 2
          ON CONFLICT (day, user_id) DO UPDATE SET n = lead_claim_days.n + excluded.n
        ), dropped AS (
          DELETE FROM lead_claim_repeats r USING pairs p
          WHERE r.lead_id = p.lead_id AND r.user_id = p.user_id
            AND NOT EXISTS (SELECT FROM repeat_days k WHERE k.lead_id = r.lead_id AND k.user_id = r.user_id AND k.day = r.day)
        )
        INSERT INTO lead_claim_repeats (lead_id, user_id, day) SELECT lead_id, user_id, day FROM repeat_days
        ON CONFLICT DO NOTHING;
        PERFORM set_config('app.system', was, true);
        RETURN NULL;
      END
      $body$
    $template$, kind, claims);
  END LOOP;
END
$migration$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.dashboard_rollups_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  IF TG_TABLE_NAME = 'leads' THEN
    DELETE FROM lead_cohort_days; DELETE FROM lead_loss_days; DELETE FROM lead_contact_days;
    DELETE FROM lead_win_days;
  ELSIF TG_TABLE_NAME = 'lead_events' THEN
    DELETE FROM lead_claim_days; DELETE FROM lead_claim_repeats;
  ELSE
    DELETE FROM lead_revenue_days; DELETE FROM lead_revenue_totals;
  END IF;
  PERFORM set_config('app.system', was, true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  source text;
  fn text;
BEGIN
  FOREACH source IN ARRAY ARRAY['leads', 'lead_events', 'lead_revenue'] LOOP
    fn := CASE source WHEN 'leads' THEN 'lead' WHEN 'lead_events' THEN 'claim' ELSE 'revenue' END || '_rollups_';
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION app.%I()', source || '_rollups_insert', source, fn || 'insert');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION app.%I()', source || '_rollups_update', source, fn || 'update');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION app.%I()', source || '_rollups_delete', source, fn || 'delete');
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION app.dashboard_rollups_truncate()', source || '_rollups_truncate', source);
    FOREACH fn IN ARRAY ARRAY[fn || 'insert', fn || 'update', fn || 'delete', 'dashboard_rollups_truncate'] LOOP
      EXECUTE format('REVOKE ALL ON FUNCTION app.%I() FROM PUBLIC', fn);
    END LOOP;
  END LOOP;
END
$$;
--> statement-breakpoint
-- lead_revenue carries its lead's won_at beside won_by (0018), so revenue won per day reads it alone. The
-- lead it copies from is locked (FOR SHARE) until commit: a concurrent win of that lead waits, and its
-- trigger then updates the rows written here instead of missing them and leaving a stale copy.
CREATE OR REPLACE FUNCTION app.refresh_lead_revenue(account text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  IF account IS NULL THEN RETURN; END IF;
  PERFORM set_config('app.system', 'on', true);
  DELETE FROM lead_revenue r USING leads l WHERE l.id = r.lead_id AND l.user_id = account;
  INSERT INTO lead_revenue (lead_id, currency, amount, won_by, won_at)
  SELECT l.id, s.currency, sum(s.amount), l.won_by, l.won_at
  FROM (
    SELECT id, won_by, won_at FROM leads WHERE user_id = account ORDER BY created_at DESC, id DESC LIMIT 1
    FOR SHARE
  ) l
  CROSS JOIN (
    SELECT p.mrr_currency AS currency, p.mrr_amount AS amount FROM profiles p
    WHERE p.id = account AND p.membership_status IN ('active', 'past_due') AND NOT p.billing_exempt
      AND p.mrr_amount IS NOT NULL AND p.mrr_currency IS NOT NULL
    UNION ALL
    SELECT t.mrr_currency, t.mrr_amount FROM teams t
    WHERE t.owner_id = account AND t.billing_status IN ('active', 'past_due')
      AND t.mrr_amount IS NOT NULL AND t.mrr_currency IS NOT NULL
  ) s
  GROUP BY l.id, l.won_by, l.won_at, s.currency;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.lead_revenue_winner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  UPDATE lead_revenue SET won_by = NEW.won_by, won_at = NEW.won_at WHERE lead_id = NEW.id;
  PERFORM set_config('app.system', was, true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER leads_revenue_winner ON leads;
--> statement-breakpoint
CREATE TRIGGER leads_revenue_winner AFTER UPDATE ON leads
  FOR EACH ROW WHEN (OLD.won_by IS DISTINCT FROM NEW.won_by OR OLD.won_at IS DISTINCT FROM NEW.won_at)
  EXECUTE FUNCTION app.lead_revenue_winner();
--> statement-breakpoint
-- Every rollup from scratch, for a zone. Writers wait (SHARE locks) so none commits a delta of the old zone;
-- NOWAIT, because writers take these tables in both orders (a sync: lead_revenue then leads; a win: leads
-- then lead_revenue), so waiting for one while holding another could deadlock. The caller retries
-- (features/dashboard/rollup-zone.ts).
CREATE OR REPLACE FUNCTION app.rebuild_dashboard_rollups(new_zone text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  PERFORM now() AT TIME ZONE new_zone; -- refuses an unknown zone before anything changes
  LOCK TABLE leads, lead_events, lead_revenue IN SHARE MODE NOWAIT;
  UPDATE dashboard_zone SET zone = new_zone;
  UPDATE lead_revenue r SET won_at = l.won_at, won_by = l.won_by FROM leads l
  WHERE l.id = r.lead_id AND (r.won_at IS DISTINCT FROM l.won_at OR r.won_by IS DISTINCT FROM l.won_by);
  DELETE FROM lead_cohort_days; DELETE FROM lead_loss_days; DELETE FROM lead_contact_days;
  DELETE FROM lead_win_days; DELETE FROM lead_claim_days; DELETE FROM lead_claim_repeats;
  DELETE FROM lead_revenue_days; DELETE FROM lead_revenue_totals;

  INSERT INTO lead_cohort_days (day, highest_stage, outcome, contact, n)
  SELECT (created_at AT TIME ZONE new_zone)::date, highest_stage, app.lead_outcome(status),
    app.first_contact_group(first_contact_at, created_at), count(*)
  FROM leads GROUP BY 1, 2, 3, 4;
  INSERT INTO lead_loss_days (day, loss_reason, n)
  SELECT (created_at AT TIME ZONE new_zone)::date, coalesce(loss_reason, ''), count(*)
  FROM leads WHERE status = 'closed_lost' GROUP BY 1, 2;
  INSERT INTO lead_contact_days (day, bucket, n)
  SELECT (created_at AT TIME ZONE new_zone)::date, contact_delay_bucket, count(*)
  FROM leads WHERE contact_delay_bucket IS NOT NULL GROUP BY 1, 2;
  INSERT INTO lead_win_days (day, won_by, n)
  SELECT (won_at AT TIME ZONE new_zone)::date, coalesce(won_by, ''), count(*)
  FROM leads WHERE won_at IS NOT NULL GROUP BY 1, 2;

  INSERT INTO lead_claim_days (day, user_id, n)
  SELECT day, user_id, count(*) FROM (
    SELECT DISTINCT lead_id, to_user_id AS user_id, (created_at AT TIME ZONE new_zone)::date AS day
    FROM lead_events WHERE type = 'claimed' AND to_user_id IS NOT NULL
  ) d GROUP BY 1, 2;
  INSERT INTO lead_claim_repeats (lead_id, user_id, day)
  SELECT lead_id, user_id, day FROM (
    SELECT lead_id, user_id, day, count(*) OVER (PARTITION BY lead_id, user_id) AS days FROM (
      SELECT DISTINCT lead_id, to_user_id AS user_id, (created_at AT TIME ZONE new_zone)::date AS day
      FROM lead_events WHERE type = 'claimed' AND to_user_id IS NOT NULL
    ) d
  ) c WHERE days > 1;

  INSERT INTO lead_revenue_totals (won_by, currency, amount, leads)
  SELECT coalesce(won_by, ''), currency, sum(amount), count(*) FROM lead_revenue GROUP BY 1, 2;
  INSERT INTO lead_revenue_days (day, won_by, currency, amount, leads)
  SELECT (won_at AT TIME ZONE new_zone)::date, coalesce(won_by, ''), currency, sum(amount), count(*)
  FROM lead_revenue WHERE won_at IS NOT NULL GROUP BY 1, 2, 3;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.rebuild_dashboard_rollups(text) FROM PUBLIC;
--> statement-breakpoint
SELECT app.rebuild_dashboard_rollups('UTC');
