"use client";

import { createContext, useContext } from "react";
import { type Formatter, formatterFor } from "@/lib/format";

// Client components format times in the app's zone too: the root layout hands the zone down once.
const TimeZoneContext = createContext("UTC");

export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: React.ReactNode }) {
  return <TimeZoneContext.Provider value={timeZone}>{children}</TimeZoneContext.Provider>;
}

/** The app's formatter, in a client component. */
export function useFormat(): Formatter {
  return formatterFor(useContext(TimeZoneContext));
}
