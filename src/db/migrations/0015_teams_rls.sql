-- Row-level security for teams (SPEC §5, §7), the functions its policies call, the seat rule, and the
-- session's actor with its team seat (SPEC §4). Request code runs as app_user; what it may do:
--   teams             read: its members, its owner, app admins; create: anyone, as owner of the new team;
--                     delete: the owner, only while the team has no Stripe subscription.
--   team_members      read: co-members and app admins; change a role (admin <-> member): owners and admins,
--                     never the owner's row and never to owner; remove: owners and admins remove anyone but
--                     the owner, and anyone but the owner removes themselves (leaves).
--   team_invitations  read (never the token hash): the team's owners and admins, app admins; revoke: the
--                     team's owners and admins. Inviting, resending and accepting run on the system path
--                     (they write the outbox, or act for someone who is not a member yet), with the
--                     permission checked in the feature function under the team's lock.
-- The billing columns of teams have no grant at all: only the system path (the Stripe sync) writes them.

ALTER TABLE "teams" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "teams" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "team_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "team_members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "team_invitations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "team_invitations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY teams_system ON "teams" USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
CREATE POLICY team_members_system ON "team_members" USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
CREATE POLICY team_invitations_system ON "team_invitations" USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
-- The teams the actor belongs to with one of `roles`, read as the owner: a policy on team_members cannot
-- ask team_members about the actor under its own policy without recursing. Policies call it as
-- (SELECT app.actor_team_ids(...)), once per statement; the cast makes `x = ANY (...)` compare with the
-- array's elements rather than read the parentheses as a subquery of arrays.
CREATE OR REPLACE FUNCTION app.actor_team_ids(roles team_role[]) RETURNS uuid[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
  me text := app.uid();
  ids uuid[];
BEGIN
  IF me IS NULL THEN RETURN '{}'; END IF;
  PERFORM set_config('app.system', 'on', true);
  SELECT coalesce(array_agg(m.team_id), '{}') INTO ids
  FROM team_members m WHERE m.user_id = me AND m.role = ANY (roles);
  PERFORM set_config('app.system', was, true);
  RETURN ids;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.actor_team_ids(team_role[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.actor_team_ids(team_role[]) TO app_user;
--> statement-breakpoint
-- Every change to a team's members, roles or invitations takes this lock first (the team's row, FOR
-- UPDATE), so such changes to one team run one after another. Request code cannot lock the row itself
-- (that needs UPDATE rights on teams, which it has not), so this takes it for a member of the team and
-- answers the actor's role as it is once the lock is held: whoever held the lock before may have changed
-- it. NULL: the actor is not (or no longer) a member, or the team does not exist; nothing is locked then.
CREATE OR REPLACE FUNCTION app.lock_team(for_team uuid) RETURNS team_role
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
  me text := app.uid();
  found team_role;
BEGIN
  IF me IS NULL THEN RETURN NULL; END IF;
  PERFORM set_config('app.system', 'on', true);
  IF EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = for_team AND m.user_id = me) THEN
    PERFORM 1 FROM teams t WHERE t.id = for_team FOR UPDATE;
    SELECT m.role INTO found FROM team_members m WHERE m.team_id = for_team AND m.user_id = me;
  END IF;
  PERFORM set_config('app.system', was, true);
  RETURN found;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.lock_team(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.lock_team(uuid) TO app_user;
--> statement-breakpoint
-- Seats used (SPEC §5) = members (the owner included) + pending invitations: neither accepted nor revoked,
-- and not expired. The one definition; it reads with the caller's rights, so it is for the system path
-- (the invitation and acceptance checks, under the team's lock) and for app.actor_team_seat_usage.
CREATE OR REPLACE FUNCTION app.team_seat_usage(for_team uuid)
RETURNS TABLE (members integer, pending integer) LANGUAGE sql STABLE
AS $$
  SELECT
    (SELECT count(*)::integer FROM team_members m WHERE m.team_id = for_team),
    (SELECT count(*)::integer FROM team_invitations i
      WHERE i.team_id = for_team AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now())
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.team_seat_usage(uuid) FROM PUBLIC;
--> statement-breakpoint
-- The same for a request: every member may know how many seats are used, though only owners and admins
-- may read the invitations themselves. Nothing for anyone else.
CREATE OR REPLACE FUNCTION app.actor_team_seat_usage(for_team uuid)
RETURNS TABLE (members integer, pending integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  IF NOT (app.is_admin() OR for_team = ANY (app.actor_team_ids('{owner,admin,member}'))) THEN RETURN; END IF;
  PERFORM set_config('app.system', 'on', true);
  RETURN QUERY SELECT u.members, u.pending FROM app.team_seat_usage(for_team) u;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.actor_team_seat_usage(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.actor_team_seat_usage(uuid) TO app_user;
--> statement-breakpoint
-- Who holds a team's seats (SPEC §5): the owner first, then members in join order (equal times in the order
-- the rows were added), up to the
-- seats paid; `seat` is the 1-based place in that order. A team gives access while its subscription is
-- active, or past_due with its grace period still running. `has_access` is the team's part of the access
-- rule (src/features/accounts/access.ts, hasTeamSeat). The view reads with the caller's rights: a member
-- sees the whole of each of their teams (co-members are readable), so their places are right under RLS.
-- The place is counted per row (members ahead of this one) rather than with a window over every team, so
-- looking up one person reads only their teams.
CREATE VIEW app.team_seats WITH (security_invoker = true) AS
SELECT
  m.team_id,
  m.user_id,
  m.role,
  m.joined_at,
  place.seat,
  place.seat <= t.seats_paid AS holds_seat,
  (t.billing_status = 'active' OR (t.billing_status = 'past_due' AND t.grace_ends_at > now())) AS team_gives_access,
  place.seat <= t.seats_paid
    AND (t.billing_status = 'active' OR (t.billing_status = 'past_due' AND t.grace_ends_at > now())) AS has_access
FROM team_members m
JOIN teams t ON t.id = m.team_id
CROSS JOIN LATERAL (
  SELECT count(*)::integer AS seat FROM team_members o
  WHERE o.team_id = m.team_id
    AND (o.role <> 'owner', o.joined_at, o.join_order) <= (m.role <> 'owner', m.joined_at, m.join_order)
) place;
--> statement-breakpoint
GRANT SELECT ON app.team_seats TO app_user;
--> statement-breakpoint
-- A team never exists without its owner as a member: the statement that creates it adds them.
CREATE OR REPLACE FUNCTION app.create_team_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  INSERT INTO team_members (team_id, user_id, role) VALUES (NEW.id, NEW.owner_id, 'owner');
  PERFORM set_config('app.system', was, true);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER teams_create_owner AFTER INSERT ON "teams" FOR EACH ROW EXECUTE FUNCTION app.create_team_owner();
--> statement-breakpoint
GRANT SELECT, DELETE ON "teams" TO app_user;
--> statement-breakpoint
GRANT INSERT ("name", "owner_id") ON "teams" TO app_user;
--> statement-breakpoint
-- The owner reads their team from the moment it is created (the insert's RETURNING runs before the
-- trigger has made them a member).
CREATE POLICY teams_member_read ON "teams" FOR SELECT USING (
  owner_id = (SELECT app.uid())
  OR id = ANY ((SELECT app.actor_team_ids('{owner,admin,member}'))::uuid[])
  OR (SELECT app.is_admin())
);
--> statement-breakpoint
CREATE POLICY teams_create ON "teams" FOR INSERT WITH CHECK (owner_id = (SELECT app.uid()));
--> statement-breakpoint
CREATE POLICY teams_owner_delete ON "teams" FOR DELETE USING (
  id = ANY ((SELECT app.actor_team_ids('{owner}'))::uuid[]) AND stripe_subscription_id IS NULL
);
--> statement-breakpoint
GRANT SELECT, DELETE ON "team_members" TO app_user;
--> statement-breakpoint
GRANT UPDATE ("role") ON "team_members" TO app_user;
--> statement-breakpoint
CREATE POLICY team_members_read ON "team_members" FOR SELECT USING (
  team_id = ANY ((SELECT app.actor_team_ids('{owner,admin,member}'))::uuid[]) OR (SELECT app.is_admin())
);
--> statement-breakpoint
CREATE POLICY team_members_change_role ON "team_members" FOR UPDATE
  USING (team_id = ANY ((SELECT app.actor_team_ids('{owner,admin}'))::uuid[]) AND role <> 'owner')
  WITH CHECK (team_id = ANY ((SELECT app.actor_team_ids('{owner,admin}'))::uuid[]) AND role <> 'owner');
--> statement-breakpoint
CREATE POLICY team_members_remove ON "team_members" FOR DELETE USING (
  role <> 'owner'
  AND (user_id = (SELECT app.uid()) OR team_id = ANY ((SELECT app.actor_team_ids('{owner,admin}'))::uuid[]))
);
--> statement-breakpoint
GRANT SELECT ("id", "team_id", "email", "role", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by", "revoked_at")
  ON "team_invitations" TO app_user;
--> statement-breakpoint
GRANT UPDATE ("revoked_at") ON "team_invitations" TO app_user;
--> statement-breakpoint
CREATE POLICY team_invitations_read ON "team_invitations" FOR SELECT USING (
  team_id = ANY ((SELECT app.actor_team_ids('{owner,admin}'))::uuid[]) OR (SELECT app.is_admin())
);
--> statement-breakpoint
CREATE POLICY team_invitations_revoke ON "team_invitations" FOR UPDATE
  USING (team_id = ANY ((SELECT app.actor_team_ids('{owner,admin}'))::uuid[]) AND accepted_at IS NULL AND revoked_at IS NULL)
  WITH CHECK (team_id = ANY ((SELECT app.actor_team_ids('{owner,admin}'))::uuid[]) AND accepted_at IS NULL AND revoked_at IS NOT NULL);
--> statement-breakpoint
-- Co-members read each other's names and emails (a team page lists its members).
ALTER POLICY users_read ON users USING (
  id = (SELECT app.uid())
  OR (SELECT app.is_admin())
  OR ((SELECT app.is_sales()) AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = users.id AND (p.is_sales OR p.role = 'admin')))
  OR EXISTS (
    SELECT 1 FROM team_members m
    WHERE m.user_id = users.id AND m.team_id = ANY ((SELECT app.actor_team_ids('{owner,admin,member}'))::uuid[])
  )
);
--> statement-breakpoint
-- The session's actor (0006) now also says whether their email is verified (accepting an invitation needs
-- it) and whether a team gives them a seat with access, so the gate and every page see a removed member
-- lose access on their next request. The result's shape changes, so the function is replaced whole.
DROP FUNCTION app.session_actor(text);
--> statement-breakpoint
CREATE FUNCTION app.session_actor(session_token text)
RETURNS TABLE (
  id text, name text, email text, role text, is_sales boolean, billing_exempt boolean,
  membership_status text, trial_ends_at timestamptz, grace_ends_at timestamptz,
  billing_period_end timestamptz, session_expires_at timestamptz, email_verified boolean,
  has_team_seat boolean
)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  was text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  RETURN QUERY
    SELECT u.id, u.name, u.email, p.role::text, p.is_sales, p.billing_exempt, p.membership_status::text,
      p.trial_ends_at, p.grace_ends_at, p.billing_period_end, s.expires_at, u.email_verified,
      EXISTS (SELECT 1 FROM app.team_seats ts WHERE ts.user_id = u.id AND ts.has_access)
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    JOIN profiles p ON p.id = u.id
    WHERE s.token = session_token AND s.expires_at > now() AND p.deactivated_at IS NULL;
  PERFORM set_config('app.system', was, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.session_actor(text) FROM PUBLIC;
