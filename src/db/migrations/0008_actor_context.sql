-- The actor of a request transaction, in state request code cannot write (SPEC §11). Until now policies
-- read the actor's id and flags from settings (app.user_id, app.is_admin, app.is_sales), which any role
-- may change with set_config: a member could make themselves admin inside their own transaction. Now
-- app.begin_actor writes them into a temporary table owned by the owner (one row, emptied at every
-- commit); app_user has no rights on it, and the functions policies call read it as its owner.
--
-- begin_actor runs once per transaction, as its first statement (withActor), so request code that
-- calls it again for someone else is refused. app_user may execute it because a separate login role for
-- requests (DATABASE_REQUEST_URL, a member of app_user only) must. app.is_system() now also requires the
-- owner role itself, so with that login role even RESET ROLE leaves request code without the system path.
CREATE OR REPLACE FUNCTION app.is_system() RETURNS boolean LANGUAGE sql STABLE
AS $$
  SELECT coalesce(current_setting('app.system', true), '') = 'on'
    AND EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = 'app' AND pg_has_role(current_user, n.nspowner, 'USAGE'))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.actor_context()
RETURNS TABLE (user_id text, is_admin boolean, is_sales boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF to_regclass('pg_temp.frontdesk_actor') IS NULL THEN RETURN; END IF;
  RETURN QUERY SELECT a.user_id, a.is_admin, a.is_sales FROM pg_temp.frontdesk_actor a LIMIT 1;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.actor_context() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.actor_context() TO app_user;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.uid() RETURNS text LANGUAGE sql STABLE
AS $$ SELECT nullif((SELECT user_id FROM app.actor_context()), '') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_admin() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT coalesce((SELECT is_admin FROM app.actor_context()), false) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_sales() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT coalesce((SELECT is_sales FROM app.actor_context()), false) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.begin_actor(actor_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  p record;
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  IF to_regclass('pg_temp.frontdesk_actor') IS NULL THEN
    CREATE TEMPORARY TABLE frontdesk_actor (
      user_id text NOT NULL, is_admin boolean NOT NULL, is_sales boolean NOT NULL
    ) ON COMMIT DELETE ROWS;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_temp.frontdesk_actor) THEN
    RAISE EXCEPTION 'the actor of this transaction is already set' USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.system', 'on', true);
  SELECT id, role, is_sales INTO p FROM profiles WHERE id = actor_id AND deactivated_at IS NULL;
  PERFORM set_config('app.system', was, true);
  INSERT INTO pg_temp.frontdesk_actor (user_id, is_admin, is_sales)
  VALUES (coalesce(p.id, ''), coalesce(p.role = 'admin', false), coalesce(p.is_sales, false));
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.begin_actor(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.begin_actor(text) TO app_user;
