import Link from "next/link";

/**
 * The dashboard's slice above the lead table, in words, with a way back to the plain view (the same owner,
 * status, search and sort without the slice). Server-rendered: no client code of its own.
 */
export function LeadSliceNote({ text, clearHref }: { text: string; clearHref: string }) {
  return (
    <p
      data-testid="lead-slice"
      className="mb-4 flex flex-wrap items-baseline gap-x-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
    >
      <span>{text}</span>
      <Link href={clearHref} className="font-medium underline underline-offset-2 hover:text-slate-900">
        Clear
      </Link>
    </p>
  );
}
