/**
 * Where `joulebench login` keeps the site's address and the API token: a JSON file in the user's config folder
 * (~/.config/joulebench/credentials.json), readable by its owner only (mode 0600 in a 0700 folder), as the
 * GitHub and npm command lines keep theirs.
 */
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const credentialsSchema = z.object({ url: z.url(), token: z.string().min(1) });
export type Credentials = z.infer<typeof credentialsSchema>;

export function credentialsPath(home = os.homedir()): string {
  return path.join(home, ".config", "joulebench", "credentials.json");
}

export async function saveCredentials(credentials: Credentials, file = credentialsPath()): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file: an older, looser file is tightened too.
  await chmod(file, 0o600);
}

export async function loadCredentials(file = credentialsPath()): Promise<Credentials | null> {
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return null;
  try {
    return credentialsSchema.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export async function removeCredentials(file = credentialsPath()): Promise<boolean> {
  const existed = (await loadCredentials(file)) !== null;
  await rm(file, { force: true });
  return existed;
}
