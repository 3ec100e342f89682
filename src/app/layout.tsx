import type { Metadata } from "next";
import localFont from "next/font/local";
import { appTimeZone } from "@/config/env";
import { TimeZoneProvider } from "@/ui/format";
import "./globals.css";

// Bundled from npm so builds never fetch fonts over the network.
const inter = localFont({
  src: "../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Frontdesk", template: "%s · Frontdesk" },
  description:
    "The front office for subscription software: demo requests, sales pipeline, memberships and billing.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen bg-white font-sans text-slate-900 antialiased">
        <TimeZoneProvider timeZone={appTimeZone()}>{children}</TimeZoneProvider>
      </body>
    </html>
  );
}
