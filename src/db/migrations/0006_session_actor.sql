-- The actor behind a session token in one statement: every guarded request resolves its session, and
-- doing that as Better Auth's session read, its user read and a transaction for the profile cost six round
-- trips. Called by the owner only (src/auth/session.ts), after the cookie's signature was verified. It
-- raises app.system for its own two reads and restores it, as app.begin_actor does. A deactivated account
-- or an expired session yields no row.
CREATE OR REPLACE FUNCTION app.session_actor(session_token text)
RETURNS TABLE (
  id text, name text, email text, role text, is_sales boolean, billing_exempt boolean,
  membership_status text, trial_ends_at timestamptz, grace_ends_at timestamptz,
  billing_period_end timestamptz, session_expires_at timestamptz
)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  RETURN QUERY
    SELECT u.id, u.name, u.email, p.role::text, p.is_sales, p.billing_exempt, p.membership_status::text,
      p.trial_ends_at, p.grace_ends_at, p.billing_period_end, s.expires_at
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    JOIN profiles p ON p.id = u.id
    WHERE s.token = session_token AND s.expires_at > now() AND p.deactivated_at IS NULL;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.session_actor(text) FROM PUBLIC;
