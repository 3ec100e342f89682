CREATE INDEX "lead_search_created_idx" ON "lead_search" USING btree ("created_at","lead_id");--> statement-breakpoint
CREATE INDEX "lead_search_activity_idx" ON "lead_search" USING btree ("last_activity_at","lead_id");--> statement-breakpoint
CREATE INDEX "lead_search_status_created_idx" ON "lead_search" USING btree ("status","created_at","lead_id");--> statement-breakpoint
CREATE INDEX "lead_search_status_activity_idx" ON "lead_search" USING btree ("status","last_activity_at","lead_id");--> statement-breakpoint
-- One page of a search (or its first `max_rows` matches, for the capped tallies), filtered and sorted in
-- the database. PL/pgSQL with EXECUTE so every call is planned with its own pattern: the planner's LIKE
-- estimate (from the search_text histogram) then picks the trigram index for a rare pattern (collect the
-- few matches, sort them) and a walk down a sort index above for a common one (check rows newest first,
-- stop after max_rows). Staff only, like app.search_leads().
CREATE OR REPLACE FUNCTION app.search_leads_page(
  pattern text, open_only boolean, owner_is text, status_is text, sort text, max_rows integer, skip integer
)
RETURNS TABLE (id uuid, claimed_by text, status text, created_at timestamptz, last_activity_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100
AS $$
DECLARE
  conds text := 's.search_text LIKE $1';
BEGIN
  IF NOT app.is_staff() THEN
    RETURN;
  END IF;
  IF open_only THEN conds := conds || ' AND s.claimed_by IS NULL'; END IF;
  IF owner_is IS NOT NULL THEN conds := conds || ' AND s.claimed_by = $2'; END IF;
  IF status_is IS NOT NULL THEN conds := conds || ' AND s.status = $3'; END IF;
  RETURN QUERY EXECUTE format(
    'SELECT s.lead_id, s.claimed_by, s.status, s.created_at, s.last_activity_at FROM lead_search s '
    'WHERE %s ORDER BY %s LIMIT $4 OFFSET $5',
    conds,
    CASE sort
      WHEN 'oldest' THEN 's.created_at ASC, s.lead_id ASC'
      WHEN 'activity' THEN 's.last_activity_at DESC, s.lead_id DESC'
      ELSE 's.created_at DESC, s.lead_id DESC'
    END
  ) USING pattern, owner_is, status_is, max_rows, skip;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.search_leads_page(text, boolean, text, text, text, integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.search_leads_page(text, boolean, text, text, text, integer, integer) TO app_user;
