// Dates and money as people read them, in one place. Every time is shown in the app's time zone (one
// setting, APP_TIMEZONE, default UTC) and says which zone it is, so the server-rendered page, the browser
// and a colleague elsewhere all read the same moment the same way.

export type Formatter = {
  /** "Dec 1, 2026, 9:30 AM UTC": a moment, with its zone. */
  dateTime: (value: Date | string) => string;
  /** "Dec 1, 2026": the calendar day of a moment in the app's zone. */
  date: (value: Date | string) => string;
  /** "December 1, 2026": the same day, written out (renewal and trial dates). */
  longDate: (value: Date | string) => string;
  timeZone: string;
};

const cache = new Map<string, Formatter>();

/** How many formatted moments a formatter keeps (a few pages' worth of rows, times a few hundred). */
const KNOWN_MOMENTS = 5000;

// ICU versions differ in the space before "AM" (a narrow no-break space in newer ones); one plain space
// keeps the server's HTML and the browser's render identical.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

export function formatterFor(timeZone: string): Formatter {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    // One formatter with the zone's name: the same text as dateStyle "medium" + timeStyle "short" followed by
    // the short zone name, in a third of the time (the lead table formats a moment per row).
    const moment = new Intl.DateTimeFormat("en", {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
      timeZone,
    });
    const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone });
    const longDay = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone });
    // The same moments come back page after page (the lead table's rows): their text is kept, a bounded
    // number of them, since formatting costs microseconds and a lookup nothing.
    const known = new Map<number, string>();
    formatter = {
      dateTime: (value) => {
        const at = new Date(value).getTime();
        let text = known.get(at);
        if (text === undefined) {
          text = plain(moment.format(at));
          if (known.size >= KNOWN_MOMENTS) known.clear();
          known.set(at, text);
        }
        return text;
      },
      date: (value) => plain(day.format(new Date(value))),
      longDate: (value) => plain(longDay.format(new Date(value))),
      timeZone,
    };
    cache.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA time zone name ("Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An amount in the smallest currency unit (cents), as "$29.00". */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount / 100);
}

/** A count as lists show it: "1,234". */
export const formatCount = (n: number): string => n.toLocaleString("en");
