const formatter = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** One format on server and client (UTC), so server-rendered times never differ from hydrated ones. */
export const formatTime = (value: Date | string) => `${formatter.format(new Date(value))} UTC`;

/**
 * A count as the owner filter and the pagination show it: exact ("41"), or where counting stopped at a
 * cap ("1,000+"); null when it was not counted (a broad search counts only the whole view).
 */
export const countLabel = (count: number | null, capped = false): string | null =>
  count === null ? null : capped ? `${count.toLocaleString("en")}+` : String(count);
