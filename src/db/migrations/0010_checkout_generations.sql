-- At most one open Checkout Session per account (SPEC §6: a second tab never yields two live
-- subscriptions). A checkout takes a generation here in one short statement, never across a Stripe call;
-- the session it creates carries the generation, and the newest generation's session expires the others.
CREATE TABLE "checkout_generations" (
	"user_id" text PRIMARY KEY NOT NULL,
	"generation" integer NOT NULL,
	"plan" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout_generations" ADD CONSTRAINT "checkout_generations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- System-only, like stripe_events: checkout runs its bookkeeping through the system path.
ALTER TABLE "checkout_generations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "checkout_generations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY checkout_generations_system ON "checkout_generations" USING (app.is_system()) WITH CHECK (app.is_system());
