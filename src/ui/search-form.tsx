/** A GET search box that keeps the query in the URL, so a view can be shared or reloaded. */
export function SearchForm({
  action,
  label,
  placeholder,
  defaultValue,
}: {
  action: string;
  label: string;
  placeholder: string;
  defaultValue?: string;
}) {
  const id = `search-${action.replace(/\W+/g, "-")}`;
  return (
    <search>
      <form className="mb-4 flex gap-2" action={action}>
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          id={id}
          name="q"
          defaultValue={defaultValue}
          placeholder={placeholder}
          className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
          Search
        </button>
      </form>
    </search>
  );
}
