// `npm run screenshots -- http://localhost:3000`: the pages README shows (home, pricing, audit log, sales dashboard), at 1280 and 360 px, against a
// running demo (`npm start`), into docs/screenshots/. Debian's Chromium, as the browser tests use.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const base = (process.argv[2] ?? "http://localhost:3000").replace(/\/$/, "");
const out = path.resolve(import.meta.dirname, "..", "docs", "screenshots");
fs.mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  for (const width of [1280, 360]) {
    const context = await browser.newContext({ viewport: { width, height: width === 360 ? 780 : 800 } });
    const page = await context.newPage();
    for (const [name, url] of [
      ["home", "/"],
      ["pricing", "/pricing"],
    ] as const) {
      await page.goto(`${base}${url}`);
      await page.screenshot({ path: path.join(out, `${name}-${width}.png`), fullPage: true });
    }
    await page.goto(`${base}/login?next=%2Fadmin%2Faudit`);
    await page.getByLabel("Email").fill("admin@frontdesk.test");
    await page.getByLabel("Password").fill("frontdesk-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/admin/audit`);
    await page.screenshot({ path: path.join(out, `audit-${width}.png`), fullPage: width === 360 });
    await page.goto(`${base}/sales/dashboard?range=90d`);
    await page.screenshot({ path: path.join(out, `dashboard-${width}.png`), fullPage: true });
    await context.close();
  }
  console.log(`Screenshots written to ${path.relative(process.cwd(), out)}/`);
} finally {
  await browser.close();
}
