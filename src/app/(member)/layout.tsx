import { signOutAction } from "@/app/_shell/sign-out-action";
import { requirePageActor } from "@/auth/page-actor";
import { AppShell } from "@/ui/app-shell";

export default async function MemberLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  return (
    <AppShell console="member" actor={actor} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
