import Link from "next/link";

/**
 * Previous/next links that keep every other query parameter of the current view. A list that knows its
 * total only as a lower bound passes how to show it (totalLabel, e.g. "1,000+") and whether a next page
 * exists (hasNext); the page count is then left out.
 */
export function Pagination({
  page,
  pageSize,
  total,
  totalLabel,
  hasNext,
  basePath,
  params,
}: {
  page: number;
  pageSize: number;
  total: number;
  totalLabel?: string | undefined;
  hasNext?: boolean | undefined;
  basePath: string;
  params: Record<string, string | undefined>;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const open = totalLabel !== undefined && totalLabel !== String(total);
  const href = (p: number) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
    if (p > 1) search.set("page", String(p));
    const qs = search.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span>
        {open
          ? `Page ${page} · ${totalLabel} in all`
          : `Page ${Math.min(page, pages)} of ${pages} · ${total} in all`}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className="rounded border px-3 py-1 hover:bg-slate-50" href={href(page - 1)}>
            Previous
          </Link>
        ) : null}
        {(hasNext ?? page < pages) ? (
          <Link className="rounded border px-3 py-1 hover:bg-slate-50" href={href(page + 1)}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
