-- The actor of a request transaction in one row per database connection instead of a temporary table
-- emptied at every commit (0008): truncating that table on every commit cost more than the rest of
-- app.begin_actor. The row names the transaction it belongs to (its xid), so a row a previous
-- transaction on the connection left behind is simply not this transaction's actor. Request roles have no
-- rights on the table; only the SECURITY DEFINER functions below read or write it.
CREATE UNLOGGED TABLE IF NOT EXISTS app.request_actor (
  backend_pid integer PRIMARY KEY,
  xid xid8 NOT NULL,
  user_id text NOT NULL,
  is_admin boolean NOT NULL,
  is_sales boolean NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON app.request_actor FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.actor_context()
RETURNS TABLE (user_id text, is_admin boolean, is_sales boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT a.user_id, a.is_admin, a.is_sales FROM app.request_actor a
  WHERE a.backend_pid = pg_backend_pid() AND a.xid = pg_current_xact_id_if_assigned()
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.begin_actor(actor_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  p record;
  was text := coalesce(current_setting('app.system', true), '');
  me xid8 := pg_current_xact_id();
BEGIN
  IF EXISTS (SELECT 1 FROM app.request_actor a WHERE a.backend_pid = pg_backend_pid() AND a.xid = me) THEN
    RAISE EXCEPTION 'the actor of this transaction is already set' USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.system', 'on', true);
  SELECT id, role, is_sales INTO p FROM profiles WHERE id = actor_id AND deactivated_at IS NULL;
  PERFORM set_config('app.system', was, true);
  INSERT INTO app.request_actor (backend_pid, xid, user_id, is_admin, is_sales)
  VALUES (pg_backend_pid(), me, coalesce(p.id, ''), coalesce(p.role = 'admin', false), coalesce(p.is_sales, false))
  ON CONFLICT (backend_pid) DO UPDATE
    SET xid = excluded.xid, user_id = excluded.user_id, is_admin = excluded.is_admin, is_sales = excluded.is_sales;
END
$$;
