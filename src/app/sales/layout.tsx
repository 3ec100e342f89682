import { signOutAction } from "@/app/_shell/sign-out-action";
import { requirePageActor } from "@/auth/page-actor";
import { AppShell } from "@/ui/app-shell";

export default async function SalesLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor("sales");
  return (
    <AppShell console="sales" actor={actor} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
