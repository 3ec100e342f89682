-- The sales dashboard's facts, kept on the lead by the statement that changes them (SPEC §3), so the
-- dashboard reads leads instead of replaying the timeline:
--   highest_stage      the furthest stage of new → contacted → qualified → converted → closed_won the lead
--                      ever reached (0–4); moving back or losing the lead never lowers it;
--   first_contact_at/by the first status change made by a person (written by changeLeadStatus; system changes
--                      and a bare claim leave it empty);
--   won_at/by          when the lead last became closed_won and who owned it at that moment (cleared if it
--                      leaves closed_won again: a lead that is not won is not counted as won);
--   lead_revenue       the monthly recurring revenue of the account that came from the lead, per currency,
--                      from its own subscription and the teams it owns (profiles/teams.mrr_*, written by the
--                      Stripe syncs), recomputed by triggers whenever any of those change.
-- Everything is back-filled from the existing timeline below.
CREATE OR REPLACE FUNCTION app.lead_stage(status text) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE status
    WHEN 'contacted' THEN 1 WHEN 'qualified' THEN 2 WHEN 'converted' THEN 3 WHEN 'closed_won' THEN 4
    ELSE 0 END::smallint
$$;
--> statement-breakpoint
ALTER TABLE leads
  ADD COLUMN highest_stage smallint NOT NULL DEFAULT 0,
  ADD COLUMN first_contact_at timestamptz,
  ADD COLUMN first_contact_by text REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN won_at timestamptz,
  ADD COLUMN won_by text REFERENCES users(id) ON DELETE SET NULL,
  ADD CONSTRAINT leads_highest_stage_check CHECK (highest_stage BETWEEN 0 AND 4);
--> statement-breakpoint
ALTER TABLE profiles ADD COLUMN mrr_amount integer, ADD COLUMN mrr_currency text;
--> statement-breakpoint
ALTER TABLE teams ADD COLUMN mrr_amount integer, ADD COLUMN mrr_currency text;
--> statement-breakpoint
-- Stage and win follow the status, whoever changes it (a rep, the sign-up link, the first payment).
CREATE OR REPLACE FUNCTION app.lead_dashboard_facts() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.highest_stage := greatest(
    CASE WHEN TG_OP = 'UPDATE' THEN OLD.highest_stage ELSE NEW.highest_stage END,
    app.lead_stage(NEW.status));
  IF NEW.status = 'closed_won' AND (TG_OP = 'INSERT' OR OLD.status <> 'closed_won') THEN
    NEW.won_at := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.won_at, NEW.updated_at) ELSE NEW.updated_at END;
    NEW.won_by := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.won_by, NEW.claimed_by) ELSE NEW.claimed_by END;
  ELSIF NEW.status <> 'closed_won' THEN
    NEW.won_at := NULL;
    NEW.won_by := NULL;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER leads_dashboard_facts_insert BEFORE INSERT ON leads
  FOR EACH ROW EXECUTE FUNCTION app.lead_dashboard_facts();
--> statement-breakpoint
CREATE TRIGGER leads_dashboard_facts_update BEFORE UPDATE OF status ON leads
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION app.lead_dashboard_facts();
--> statement-breakpoint
GRANT UPDATE (first_contact_at, first_contact_by) ON leads TO app_user;
--> statement-breakpoint
CREATE TABLE lead_revenue (
  lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (lead_id, currency)
);
--> statement-breakpoint
ALTER TABLE lead_revenue ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_revenue FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY lead_revenue_system ON lead_revenue USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
CREATE POLICY lead_revenue_staff_read ON lead_revenue FOR SELECT USING ((SELECT app.is_staff()));
--> statement-breakpoint
GRANT SELECT ON lead_revenue TO app_user;
--> statement-breakpoint
-- The revenue of one account's leads, from its subscription (active or past_due, not exempt) and the teams
-- it owns (active or past_due), as Stripe counts MRR. It runs from triggers fired by writers (an admin's
-- exemption, a team's deletion) who may not read those rows or write this table, so it acts as the system.
CREATE OR REPLACE FUNCTION app.refresh_lead_revenue(account text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  IF account IS NULL THEN RETURN; END IF;
  PERFORM set_config('app.system', 'on', true);
  DELETE FROM lead_revenue r USING leads l WHERE l.id = r.lead_id AND l.user_id = account;
  INSERT INTO lead_revenue (lead_id, currency, amount)
  SELECT l.id, s.currency, sum(s.amount)
  FROM leads l
  CROSS JOIN (
    SELECT p.mrr_currency AS currency, p.mrr_amount AS amount FROM profiles p
    WHERE p.id = account AND p.membership_status IN ('active', 'past_due') AND NOT p.billing_exempt
      AND p.mrr_amount IS NOT NULL AND p.mrr_currency IS NOT NULL
    UNION ALL
    SELECT t.mrr_currency, t.mrr_amount FROM teams t
    WHERE t.owner_id = account AND t.billing_status IN ('active', 'past_due')
      AND t.mrr_amount IS NOT NULL AND t.mrr_currency IS NOT NULL
  ) s
  WHERE l.user_id = account
  GROUP BY l.id, s.currency;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.refresh_lead_revenue(text) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.lead_revenue_from_profile() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM app.refresh_lead_revenue(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER profiles_lead_revenue AFTER UPDATE OF membership_status, billing_exempt, mrr_amount, mrr_currency ON profiles
  FOR EACH ROW WHEN (
    OLD.membership_status IS DISTINCT FROM NEW.membership_status OR OLD.billing_exempt IS DISTINCT FROM NEW.billing_exempt
    OR OLD.mrr_amount IS DISTINCT FROM NEW.mrr_amount OR OLD.mrr_currency IS DISTINCT FROM NEW.mrr_currency)
  EXECUTE FUNCTION app.lead_revenue_from_profile();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.lead_revenue_from_team() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM app.refresh_lead_revenue(OLD.owner_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.owner_id IS DISTINCT FROM OLD.owner_id) THEN
    PERFORM app.refresh_lead_revenue(NEW.owner_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER teams_lead_revenue AFTER INSERT OR DELETE OR UPDATE OF owner_id, billing_status, mrr_amount, mrr_currency ON teams
  FOR EACH ROW EXECUTE FUNCTION app.lead_revenue_from_team();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.lead_revenue_from_lead() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM app.refresh_lead_revenue(OLD.user_id);
  PERFORM app.refresh_lead_revenue(NEW.user_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER leads_lead_revenue AFTER UPDATE OF user_id ON leads
  FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION app.lead_revenue_from_lead();
--> statement-breakpoint
-- Indexes for the dashboard's bases: the cohort (submitted in the range) read from one covering index, wins
-- by time, and claims (timeline entries) by time.
CREATE INDEX leads_cohort_idx ON leads (created_at) INCLUDE (highest_stage, status, first_contact_at, loss_reason);
--> statement-breakpoint
CREATE INDEX leads_won_idx ON leads (won_at) INCLUDE (won_by) WHERE won_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX lead_events_claims_idx ON lead_events (created_at) INCLUDE (lead_id, to_user_id) WHERE type = 'claimed';
--> statement-breakpoint
-- The facts recomputed from the timeline: the back-fill below, and a repair tool whose answer a test
-- compares with what the triggers and changeLeadStatus kept after a random history.
CREATE OR REPLACE FUNCTION app.recount_lead_facts() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  -- Highest stage: the current status and every status the timeline records.
  UPDATE leads l SET highest_stage = greatest(app.lead_stage(l.status), coalesce((
    SELECT max(app.lead_stage(e.to_status)) FROM lead_events e WHERE e.lead_id = l.id AND e.to_status IS NOT NULL
  ), 0));
  -- First contact: the first status change a person made.
  UPDATE leads SET first_contact_at = NULL, first_contact_by = NULL WHERE first_contact_at IS NOT NULL;
  UPDATE leads l SET first_contact_at = f.created_at, first_contact_by = f.actor_id
  FROM (
    SELECT DISTINCT ON (lead_id) lead_id, created_at, actor_id FROM lead_events
    WHERE type = 'status_changed' AND actor_id IS NOT NULL ORDER BY lead_id, created_at, id
  ) f
  WHERE f.lead_id = l.id;
  -- Won: the latest move into closed_won of a lead that is won now, credited to its owner at that moment
  -- (the last claim, release or reassignment before it; with no such entry, the owner it has now).
  UPDATE leads SET won_at = NULL, won_by = NULL WHERE status <> 'closed_won' AND won_at IS NOT NULL;
  UPDATE leads l SET won_at = w.created_at, won_by = CASE WHEN o.lead_id IS NULL THEN l.claimed_by ELSE o.owner END
  FROM (
    SELECT DISTINCT ON (lead_id) lead_id, created_at FROM lead_events
    WHERE to_status = 'closed_won' ORDER BY lead_id, created_at DESC, id DESC
  ) w
  LEFT JOIN LATERAL (
    SELECT e.lead_id, CASE WHEN e.type = 'released' THEN NULL ELSE coalesce(e.to_user_id, e.actor_id) END AS owner
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
SELECT app.recount_lead_facts();
--> statement-breakpoint
-- Revenue: the monthly amount the first-payment entries recorded, for accounts that still pay.
UPDATE profiles p SET mrr_amount = (e.details->>'monthlyAmount')::integer, mrr_currency = e.details->>'currency'
FROM (
  SELECT DISTINCT ON (details->>'userId') details FROM lead_events
  WHERE type = 'started_paying' AND details ? 'monthlyAmount' AND NOT details ? 'teamId'
    AND jsonb_typeof(details->'monthlyAmount') = 'number'
  ORDER BY details->>'userId', created_at DESC
) e
WHERE p.id = e.details->>'userId' AND p.membership_status IN ('active', 'past_due');
--> statement-breakpoint
UPDATE teams t SET mrr_amount = (e.details->>'monthlyAmount')::integer, mrr_currency = e.details->>'currency'
FROM (
  SELECT DISTINCT ON (details->>'teamId') details FROM lead_events
  WHERE type = 'started_paying' AND details ? 'teamId' AND jsonb_typeof(details->'monthlyAmount') = 'number'
  ORDER BY details->>'teamId', created_at DESC
) e
WHERE t.id::text = e.details->>'teamId' AND t.billing_status IN ('active', 'past_due');
--> statement-breakpoint
DO $$
DECLARE account text;
BEGIN
  FOR account IN SELECT DISTINCT user_id FROM leads WHERE user_id IS NOT NULL LOOP
    PERFORM app.refresh_lead_revenue(account);
  END LOOP;
END
$$;
