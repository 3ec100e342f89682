-- Closed loop, part one, now waits for proof: an account is linked to the leads with its email only once
-- that email is verified (SPEC §3, §11). Before, anyone could sign up with a prospect's address and take
-- over the lead's conversion. The link runs when an account is created verified, when its email becomes
-- verified, and when a verified account's email changes; already linked leads are left alone.
DROP TRIGGER IF EXISTS users_link_leads ON users;
--> statement-breakpoint
CREATE TRIGGER users_link_leads_created AFTER INSERT ON users FOR EACH ROW
  WHEN (NEW.email_verified) EXECUTE FUNCTION app.link_leads_on_signup();
--> statement-breakpoint
CREATE TRIGGER users_link_leads_verified AFTER UPDATE OF email, email_verified ON users FOR EACH ROW
  WHEN (NEW.email_verified AND (NOT OLD.email_verified OR NEW.email IS DISTINCT FROM OLD.email))
  EXECUTE FUNCTION app.link_leads_on_signup();
