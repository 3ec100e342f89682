-- At most one open Checkout Session per team (SPEC §5–6), as 0010 does for accounts: a team checkout takes
-- a generation here in one short statement, never across a Stripe call, and the newest generation's
-- session expires the others. Its own table, so that starting a checkout never changes the team row's
-- version, which orders the team's Stripe syncs.
CREATE TABLE "team_checkout_generations" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"generation" integer NOT NULL,
	"plan" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_checkout_generations" ADD CONSTRAINT "team_checkout_generations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- System-only, like checkout_generations: team checkout runs its bookkeeping through the system path.
ALTER TABLE "team_checkout_generations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "team_checkout_generations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY team_checkout_generations_system ON "team_checkout_generations" USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
