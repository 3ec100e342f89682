-- Repairs to the dashboard's facts (0017, 0018), found in review:
-- * The back-fill of 0017 ran without the system flag. On PostgreSQL the migration owner is subject to the
--   forced row-level security of leads, profiles and teams, so it saw no rows and filled nothing: existing
--   installs kept highest_stage 0, no wins, no first contacts and no revenue. It runs again below, as the
--   system, for the length of this migration only.
-- * An account's revenue went to every lead linked to it (a prospect lost once and back again has two),
--   so it was counted twice. It now goes to one lead: the most recently submitted one linked to the account.
-- * When a lead lost its account (the account was deleted, so user_id became null), its revenue stayed.
-- * The recount disagreed with the kept facts once a person was deleted (their timeline entries keep no
--   actor): every status_changed entry is a person's, and ownership comes from to_user_id alone.
-- * Deleting a rep who had claimed and first contacted a lead failed: the foreign keys of claimed_by,
--   first_contact_by and won_by each set the same row's column to null in its own update, and the
--   statement-level triggers of leads then saw that row twice in their transition tables. The two facts
--   are records of who it was, not links to keep: they lose their foreign keys (a deleted person reads as
--   a former team member).
ALTER TABLE leads DROP CONSTRAINT IF EXISTS leads_first_contact_by_fkey, DROP CONSTRAINT IF EXISTS leads_won_by_fkey;
--> statement-breakpoint
-- lead_revenue.won_by is a copy of leads.won_by, so it is a record too.
ALTER TABLE lead_revenue DROP CONSTRAINT IF EXISTS lead_revenue_won_by_fkey;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.refresh_lead_revenue(account text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  IF account IS NULL THEN RETURN; END IF;
  PERFORM set_config('app.system', 'on', true);
  DELETE FROM lead_revenue r USING leads l WHERE l.id = r.lead_id AND l.user_id = account;
  INSERT INTO lead_revenue (lead_id, currency, amount, won_by)
  SELECT l.id, s.currency, sum(s.amount), l.won_by
  FROM (
    SELECT id, won_by FROM leads WHERE user_id = account ORDER BY created_at DESC, id DESC LIMIT 1
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
  GROUP BY l.id, l.won_by, s.currency;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.lead_revenue_from_lead() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  DELETE FROM lead_revenue WHERE lead_id = NEW.id;
  PERFORM set_config('app.system', was, true);
  PERFORM app.refresh_lead_revenue(OLD.user_id);
  PERFORM app.refresh_lead_revenue(NEW.user_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.recount_lead_facts() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE leads l SET highest_stage = greatest(app.lead_stage(l.status), coalesce((
    SELECT max(app.lead_stage(e.to_status)) FROM lead_events e WHERE e.lead_id = l.id AND e.to_status IS NOT NULL
  ), 0));
  -- First contact: the first status change, which only a person makes (the system's own moves are
  -- signed_up and started_paying entries). Its author may since have been deleted (the entry then keeps
  -- no actor): the fact keeps who it was.
  UPDATE leads SET first_contact_at = NULL WHERE first_contact_at IS NOT NULL;
  UPDATE leads l SET first_contact_at = f.created_at, first_contact_by = coalesce(f.actor_id, l.first_contact_by)
  FROM (
    SELECT DISTINCT ON (lead_id) lead_id, created_at, actor_id FROM lead_events
    WHERE type = 'status_changed' ORDER BY lead_id, created_at, id
  ) f
  WHERE f.lead_id = l.id;
  UPDATE leads SET first_contact_by = NULL WHERE first_contact_at IS NULL AND first_contact_by IS NOT NULL;
  UPDATE leads SET won_at = NULL, won_by = NULL WHERE status <> 'closed_won' AND won_at IS NOT NULL;
  UPDATE leads l SET won_at = w.created_at, won_by = CASE WHEN o.lead_id IS NULL THEN l.claimed_by ELSE o.owner END
  FROM (
    SELECT DISTINCT ON (lead_id) lead_id, created_at FROM lead_events
    WHERE to_status = 'closed_won' ORDER BY lead_id, created_at DESC, id DESC
  ) w
  LEFT JOIN LATERAL (
    SELECT e.lead_id, CASE WHEN e.type = 'released' THEN NULL ELSE e.to_user_id END AS owner
    FROM lead_events e
    WHERE e.lead_id = w.lead_id AND e.type IN ('claimed', 'released', 'reassigned') AND e.created_at <= w.created_at
    ORDER BY e.created_at DESC, e.id DESC LIMIT 1
  ) o ON true
  WHERE w.lead_id = l.id AND l.status = 'closed_won';
  UPDATE leads SET won_at = updated_at, won_by = claimed_by WHERE status = 'closed_won' AND won_at IS NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.recount_lead_facts() FROM PUBLIC;
--> statement-breakpoint
-- The back-fill, as the system (local to this transaction; reset at the end so later migrations run as before).
SELECT set_config('app.system', 'on', true);
--> statement-breakpoint
SELECT app.recount_lead_facts();
--> statement-breakpoint
UPDATE profiles p SET mrr_amount = (e.details->>'monthlyAmount')::integer, mrr_currency = e.details->>'currency'
FROM (
  SELECT DISTINCT ON (details->>'userId') details FROM lead_events
  WHERE type = 'started_paying' AND NOT details ? 'teamId' AND jsonb_typeof(details->'monthlyAmount') = 'number'
  ORDER BY details->>'userId', created_at DESC
) e
WHERE p.id = e.details->>'userId' AND p.membership_status IN ('active', 'past_due') AND p.mrr_amount IS NULL;
--> statement-breakpoint
UPDATE teams t SET mrr_amount = (e.details->>'monthlyAmount')::integer, mrr_currency = e.details->>'currency'
FROM (
  SELECT DISTINCT ON (details->>'teamId') details FROM lead_events
  WHERE type = 'started_paying' AND details ? 'teamId' AND jsonb_typeof(details->'monthlyAmount') = 'number'
  ORDER BY details->>'teamId', created_at DESC
) e
WHERE t.id::text = e.details->>'teamId' AND t.billing_status IN ('active', 'past_due') AND t.mrr_amount IS NULL;
--> statement-breakpoint
DELETE FROM lead_revenue r USING leads l WHERE l.id = r.lead_id AND l.user_id IS NULL;
--> statement-breakpoint
DO $$
DECLARE account text;
BEGIN
  FOR account IN SELECT DISTINCT user_id FROM leads WHERE user_id IS NOT NULL LOOP
    PERFORM app.refresh_lead_revenue(account);
  END LOOP;
END
$$;
--> statement-breakpoint
SELECT set_config('app.system', '', true);
