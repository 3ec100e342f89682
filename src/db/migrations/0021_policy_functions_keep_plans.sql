-- The functions row-level security asks (who acts, and whether as the system) in PL/pgSQL, which keeps each
-- body's plan for the connection. As SQL functions they were planned again at every use: app.is_system()
-- was inlined into the plan of every statement that touched a table with policies (once per table
-- reference), and app.actor_context(), SECURITY DEFINER and so never inlined, was parsed and planned afresh
-- each time app.uid(), app.is_admin(), app.is_sales() or app.is_staff() ran. A sales rep's dashboard, one
-- statement over a dozen such tables, spent 2 of its 4 ms there (see BENCHMARKS.md). The rules are unchanged:
-- the same table, the same row of this connection and transaction (0013), the same owner check (0008).
CREATE OR REPLACE FUNCTION app.is_system() RETURNS boolean
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF coalesce(current_setting('app.system', true), '') <> 'on' THEN
    RETURN false;
  END IF;
  RETURN EXISTS (
    SELECT 1 FROM pg_namespace n WHERE n.nspname = 'app' AND pg_has_role(current_user, n.nspowner, 'USAGE'));
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.actor_context()
RETURNS TABLE (user_id text, is_admin boolean, is_sales boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY SELECT a.user_id, a.is_admin, a.is_sales FROM app.request_actor a
    WHERE a.backend_pid = pg_backend_pid() AND a.xid = pg_current_xact_id_if_assigned();
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.uid() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  found_id text;
BEGIN
  SELECT a.user_id INTO found_id FROM app.request_actor a
    WHERE a.backend_pid = pg_backend_pid() AND a.xid = pg_current_xact_id_if_assigned();
  RETURN nullif(found_id, '');
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_admin() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  flag boolean;
BEGIN
  SELECT a.is_admin INTO flag FROM app.request_actor a
    WHERE a.backend_pid = pg_backend_pid() AND a.xid = pg_current_xact_id_if_assigned();
  RETURN coalesce(flag, false);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_sales() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  flag boolean;
BEGIN
  SELECT a.is_sales INTO flag FROM app.request_actor a
    WHERE a.backend_pid = pg_backend_pid() AND a.xid = pg_current_xact_id_if_assigned();
  RETURN coalesce(flag, false);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_staff() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  flag boolean;
BEGIN
  SELECT a.is_admin OR a.is_sales INTO flag FROM app.request_actor a
    WHERE a.backend_pid = pg_backend_pid() AND a.xid = pg_current_xact_id_if_assigned();
  RETURN coalesce(flag, false);
END
$$;
