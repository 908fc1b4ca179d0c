import { existsSync } from "node:fs";

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH, else Debian's package. Playwright's own browser download
 * is never used (it needs the internet). A missing browser is a failure with one instruction, never a skip.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      "No Chromium found for the browser tests: run `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  return found;
}
