import { appTimeZone } from "@/config/env";
import { type Formatter, formatterFor } from "@/lib/format";

/** The app's formatter, in a server component or page. */
export const serverFormat = (): Formatter => formatterFor(appTimeZone());
