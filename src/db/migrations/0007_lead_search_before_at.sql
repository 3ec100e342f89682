-- A search containing an '@' ("jo.smith@", "smith@acme", "@acme.com", "nguyen lead1@") is a piece of an
-- email address. Trigrams answer it slowly on a large table: the trigrams of address parts ("lea", "com",
-- ".ex") are shared by a large part of all leads, so even the rarest of them has a long posting list. Two
-- btrees answer it instead. For a search text with exactly one '@', containing "A@B" means that the text
-- before its '@' ends with A (so, reversed, starts with A reversed) and the text after it starts with B:
-- a range scan of either index. A text with two or more '@' (a name or company with an '@' in it) is
-- indexed as '' in both, so it is always checked too; a text with none is not indexed (it cannot match).
-- The full LIKE is still applied to every candidate, so the results are exactly those of the plain search.
CREATE INDEX IF NOT EXISTS lead_search_before_at_idx ON lead_search ((
  CASE length(search_text) - length(replace(search_text, '@', ''))
    WHEN 0 THEN NULL WHEN 1 THEN reverse(split_part(search_text, '@', 1)) ELSE '' END
) text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lead_search_after_at_idx ON lead_search ((
  CASE length(search_text) - length(replace(search_text, '@', ''))
    WHEN 0 THEN NULL WHEN 1 THEN split_part(search_text, '@', 2) ELSE '' END
) text_pattern_ops);
--> statement-breakpoint
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
  ) USING pattern, owner_is, status_is, max_rows, skip, before_at, after_at;
END
$$;
