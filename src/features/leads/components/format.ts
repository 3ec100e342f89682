const formatter = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** One format on server and client (UTC), so server-rendered times never differ from hydrated ones. */
export const formatTime = (value: Date | string) => `${formatter.format(new Date(value))} UTC`;
