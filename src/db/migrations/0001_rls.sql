-- Row-level security for Frontdesk. Request code runs as the non-owner role `app_user` with the acting
-- user's id and flags set for the transaction by app.begin_actor(); system code (webhooks, jobs, the
-- demo form insert, audit writes) runs as the owner with app.system = 'on'. Owner access without that
-- flag sees nothing on FORCE'd tables, so forgetting to choose a path fails closed.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN
    CREATE ROLE app_user NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, 'app_user', 'MEMBER') THEN
    EXECUTE format('GRANT app_user TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app TO app_user;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_user;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.uid() RETURNS text LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.user_id', true), '') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_admin() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT coalesce(current_setting('app.is_admin', true), '') = 'on' $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_sales() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT coalesce(current_setting('app.is_sales', true), '') = 'on' $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_system() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT current_user <> 'app_user' AND coalesce(current_setting('app.system', true), '') = 'on' $$;
--> statement-breakpoint
-- Sets the actor for the current transaction from the database itself, so the flags RLS sees are the
-- ones stored, never the ones the caller believes. A deactivated or unknown user gets no identity.
-- (A function-level SET of a custom setting needs a superuser on PostgreSQL 15, hence set_config here.)
CREATE OR REPLACE FUNCTION app.begin_actor(actor_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  p record;
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  SELECT id, role, is_sales INTO p FROM profiles WHERE id = actor_id AND deactivated_at IS NULL;
  PERFORM set_config('app.system', was, true);
  PERFORM set_config('app.user_id', coalesce(p.id, ''), true);
  PERFORM set_config('app.is_admin', CASE WHEN p.role = 'admin' THEN 'on' ELSE 'off' END, true);
  PERFORM set_config('app.is_sales', CASE WHEN p.is_sales THEN 'on' ELSE 'off' END, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.begin_actor(text) FROM PUBLIC;
--> statement-breakpoint
-- Request code may append to the audit log (never read or change it); the actor is the transaction's.
CREATE OR REPLACE FUNCTION app.write_audit(action text, subject_type text, subject_id text, details jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  INSERT INTO audit_log (actor_id, action, subject_type, subject_id, details)
  VALUES (app.uid(), action, subject_type, subject_id, coalesce(details, '{}'::jsonb));
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.write_audit(text, text, text, jsonb) TO app_user;
--> statement-breakpoint
-- Every account gets its profile and trial in the same statement that creates it.
CREATE OR REPLACE FUNCTION app.create_profile() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  INSERT INTO profiles (id, membership_status, trial_ends_at)
  VALUES (NEW.id, 'trial', now() + interval '14 days')
  ON CONFLICT (id) DO NOTHING;
  PERFORM set_config('app.system', was, true);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_create_profile AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION app.create_profile();
--> statement-breakpoint
-- Better Auth's tables are reached only by Better Auth (the owner). RLS is on with no policy for
-- app_user, and app_user has no grants except reading names and emails of the rows policies allow.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE verifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT (id, name, email, email_verified, created_at) ON users TO app_user;
--> statement-breakpoint
CREATE POLICY users_read ON users FOR SELECT TO app_user USING (
  id = app.uid()
  OR app.is_admin()
  OR (app.is_sales() AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = users.id AND (p.is_sales OR p.role = 'admin')))
);
--> statement-breakpoint
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE profiles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON profiles TO app_user;
--> statement-breakpoint
-- Members change nothing in profiles; admins change roles and flags (membership columns are written by
-- billing through the system path).
GRANT UPDATE (role, is_sales, updated_at) ON profiles TO app_user;
--> statement-breakpoint
CREATE POLICY profiles_system ON profiles USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
CREATE POLICY profiles_self_read ON profiles FOR SELECT USING (id = app.uid());
--> statement-breakpoint
CREATE POLICY profiles_staff_read ON profiles FOR SELECT USING (
  app.is_admin() OR (app.is_sales() AND (is_sales OR role = 'admin'))
);
--> statement-breakpoint
CREATE POLICY profiles_admin_update ON profiles FOR UPDATE USING (app.is_admin()) WITH CHECK (app.is_admin());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_system ON audit_log USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_outbox_system ON mail_outbox USING (app.is_system()) WITH CHECK (app.is_system());
--> statement-breakpoint
ALTER TABLE rate_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rate_limits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY rate_limits_system ON rate_limits USING (app.is_system()) WITH CHECK (app.is_system());
