import { signOutAction } from "@/app/_shell/sign-out-action";
import { requirePageActor } from "@/auth/page-actor";
import { AppShell } from "@/ui/app-shell";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor("admin");
  return (
    <AppShell console="admin" actor={actor} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
