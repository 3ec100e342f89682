-- Policies ask who is acting once per statement, not once per row. Since 0008 the actor lives in a table
-- request code cannot write, so each app.uid() / app.is_admin() / app.is_sales() / app.is_staff() call is
-- a read; a policy calling them per row made a count over 2,000 leads cost 24 µs a row. Written as
-- (SELECT app.fn()) each becomes an InitPlan evaluated once per statement. The rules are unchanged.
ALTER POLICY users_read ON users USING (
  id = (SELECT app.uid())
  OR (SELECT app.is_admin())
  OR ((SELECT app.is_sales()) AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = users.id AND (p.is_sales OR p.role = 'admin')))
);
--> statement-breakpoint
ALTER POLICY profiles_system ON profiles USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY profiles_self_read ON profiles USING (id = (SELECT app.uid()));
--> statement-breakpoint
ALTER POLICY profiles_staff_read ON profiles USING (
  (SELECT app.is_admin()) OR ((SELECT app.is_sales()) AND (is_sales OR role = 'admin'))
);
--> statement-breakpoint
ALTER POLICY profiles_admin_update ON profiles USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
ALTER POLICY audit_log_system ON audit_log USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY mail_outbox_system ON mail_outbox USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY rate_limits_system ON rate_limits USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY leads_system ON leads USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY leads_staff_read ON leads USING ((SELECT app.is_staff()));
--> statement-breakpoint
ALTER POLICY leads_staff_update ON leads
  USING ((SELECT app.is_admin()) OR ((SELECT app.is_sales()) AND (claimed_by IS NULL OR claimed_by = (SELECT app.uid()))))
  WITH CHECK ((SELECT app.is_admin()) OR ((SELECT app.is_sales()) AND (claimed_by IS NULL OR claimed_by = (SELECT app.uid()))));
--> statement-breakpoint
ALTER POLICY lead_submissions_system ON lead_submissions USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY lead_submissions_staff_read ON lead_submissions USING ((SELECT app.is_staff()));
--> statement-breakpoint
ALTER POLICY lead_notes_system ON lead_notes USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY lead_notes_staff_read ON lead_notes USING ((SELECT app.is_staff()));
--> statement-breakpoint
ALTER POLICY lead_notes_staff_insert ON lead_notes WITH CHECK (
  author_id = (SELECT app.uid())
  AND (SELECT app.is_staff())
  AND EXISTS (
    SELECT 1 FROM leads l
    WHERE l.id = lead_id AND ((SELECT app.is_admin()) OR l.claimed_by IS NULL OR l.claimed_by = (SELECT app.uid()))
  )
);
--> statement-breakpoint
ALTER POLICY lead_events_system ON lead_events USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY lead_events_staff_read ON lead_events USING ((SELECT app.is_staff()));
--> statement-breakpoint
ALTER POLICY lead_events_staff_insert ON lead_events WITH CHECK (
  actor_id = (SELECT app.uid())
  AND (SELECT app.is_staff())
  AND type IN ('claimed', 'released', 'reassigned', 'status_changed', 'note_added')
);
--> statement-breakpoint
ALTER POLICY lead_counts_system ON lead_counts USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY lead_counts_staff_read ON lead_counts USING ((SELECT app.is_staff()));
--> statement-breakpoint
ALTER POLICY demo_rejections_system ON demo_rejections USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY stripe_events_system ON stripe_events USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
--> statement-breakpoint
ALTER POLICY checkout_generations_system ON checkout_generations USING ((SELECT app.is_system())) WITH CHECK ((SELECT app.is_system()));
