/**
 * Copies a file or a folder so that no copy is ever readable by anyone but its owner, not even for the moment
 * between writing and a chmod: folders are made 0700 and files are created 0600 (an executable 0700), which a
 * plain fs.cp does not do (it gives each copy its source's mode, 0644 for most files).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { lstat, mkdir, readdir, readlink, symlink } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";

export async function copyPrivately(
  source: string,
  target: string,
  keep: (source: string) => boolean = () => true,
): Promise<void> {
  if (!keep(source)) return;
  const info = await lstat(source);
  if (info.isSymbolicLink()) {
    await symlink(await readlink(source), target);
  } else if (info.isDirectory()) {
    await mkdir(target, { recursive: true, mode: 0o700 });
    for (const name of await readdir(source))
      await copyPrivately(path.join(source, name), path.join(target, name), keep);
  } else if (info.isFile()) {
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await pipeline(
      createReadStream(source),
      createWriteStream(target, { flags: "wx", mode: info.mode & 0o100 ? 0o700 : 0o600 }),
    );
  }
}
