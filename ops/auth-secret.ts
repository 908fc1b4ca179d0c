/**
 * AUTH_SECRET signs session cookies. When the operator sets none, one is generated on the first start and kept
 * in the data folder, so that restarting does not sign everyone out.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

export async function loadOrCreateAuthSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "auth-secret");
  const existing = await readSecret(file);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  // Written aside, then linked into place: link() fails if the file exists, so two launchers starting together
  // keep the first one's secret, and nobody ever reads a half-written file. 0600: whoever reads the secret can
  // forge sessions.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(draft, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(draft);
  }
  const created = await readSecret(file);
  if (!created) throw new Error(`${file} is empty; delete it and start again.`);
  return created;
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, "utf8")).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
