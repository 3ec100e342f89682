/** Sign out, as a form so it works without JavaScript; the layout hands in the server action. */
export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <button type="submit" className="block w-full px-4 py-2 text-left text-sm hover:bg-slate-50">
        Sign out
      </button>
    </form>
  );
}
