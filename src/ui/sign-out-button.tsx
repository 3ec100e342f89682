import { signOutAction } from "@/auth/sign-out-action";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="block w-full px-4 py-2 text-left text-sm hover:bg-slate-50">
        Sign out
      </button>
    </form>
  );
}
