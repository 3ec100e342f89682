import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { migrationsFolder } from "../../src/db/migrate";

/** A short hash of the committed migrations, so a migrated template is rebuilt only when they change. */
export function migrationsHash(): string {
  const hash = crypto.createHash("sha256");
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else hash.update(name).update(fs.readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest("hex").slice(0, 12);
}
