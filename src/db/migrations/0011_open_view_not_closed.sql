-- The Open view holds the leads that are waiting for someone: unclaimed and not closed (SPEC §3). A lead
-- closed without an owner (won by the system, or released after it closed) is under All, not Open. The
-- search function takes the same rule for its open_only flag; the rest of it is unchanged from 0007.
CREATE OR REPLACE FUNCTION app.search_leads_page(
  pattern text, open_only boolean, owner_is text, status_is text, sort text, max_rows integer, skip integer
)
RETURNS TABLE (id uuid, claimed_by text, status text, created_at timestamptz, last_activity_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100
AS $$
DECLARE
  conds text := 's.search_text LIKE $1';
  -- The two indexed expressions above, over s.
  at_count text := 'length(s.search_text) - length(replace(s.search_text, ''@'', ''''))';
  before_expr text := format(
    'CASE %s WHEN 0 THEN NULL WHEN 1 THEN reverse(split_part(s.search_text, ''@'', 1)) ELSE '''' END', at_count);
  after_expr text := format(
    'CASE %s WHEN 0 THEN NULL WHEN 1 THEN split_part(s.search_text, ''@'', 2) ELSE '''' END', at_count);
  -- pattern is '%' || q || '%', LIKE-escaped (an '@' is never part of an escape): the parts of q before
  -- and after its first '@'.
  before_at text := substring(pattern from '^%([^@]+)@');
  after_at text := substring(pattern from '^%[^@]*@(.+)%$');
BEGIN
  IF NOT app.is_staff() THEN
    RETURN;
  END IF;
  IF before_at IS NOT NULL THEN
    -- Unescape, reverse, escape again: the prefix the reversed text before the '@' starts with.
    before_at := regexp_replace(reverse(regexp_replace(before_at, '\\(.)', '\1', 'g')), '([\\%_])', '\\\1', 'g')
      || '%';
    conds := conds || format(' AND (%1$s LIKE $6 OR %1$s = '''')', before_expr);
  END IF;
  IF after_at IS NOT NULL THEN
    after_at := after_at || '%';
    conds := conds || format(' AND (%1$s LIKE $7 OR %1$s = '''')', after_expr);
  END IF;
  IF open_only THEN conds := conds || ' AND s.claimed_by IS NULL AND s.status NOT IN (''closed_won'', ''closed_lost'')'; END IF;
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
  ) USING pattern, owner_is, status_is, max_rows, skip, before_at, after_at;
END
$$;
