/**
 * The site's public address as seen from the command line (`npm run admin -- reset-link` prints a link to it).
 * The operator's shell may not have the variables the site was started with (`PORT=3200 npm start` in another
 * terminal), so the launcher records the address it serves at in the data folder, and the command uses, in
 * order: AUTH_URL (environment or .env), a PORT set in the environment or .env, the running site's recorded
 * address, and last the default port.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDirectory } from "../db/database-server";
import type { Environment } from "../lib/env";

const RECORD_FILE = "site-url";

export function recordSiteAddress(url: string, dataDir: string = dataDirectory()): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, RECORD_FILE), `${url}\n`);
}

export function forgetSiteAddress(dataDir: string = dataDirectory()): void {
  rmSync(path.join(dataDir, RECORD_FILE), { force: true });
}

export function recordedSiteAddress(dataDir: string = dataDirectory()): string | undefined {
  const file = path.join(dataDir, RECORD_FILE);
  if (!existsSync(file)) return undefined;
  const recorded = readFileSync(file, "utf8").trim();
  return /^https?:\/\//.test(recorded) ? recorded : undefined;
}

/** `portWasSet`: PORT came from the environment or .env rather than its default. */
export function operatorSiteUrl(env: Environment, portWasSet: boolean, recorded: string | undefined): string {
  if (env.AUTH_URL) return env.AUTH_URL.replace(/\/$/, "");
  if (!portWasSet && recorded) return recorded.replace(/\/$/, "");
  return `http://localhost:${env.PORT}`;
}
