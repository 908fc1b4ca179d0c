/**
 * `npm run datasets:manifest`: measures every file the manifest lists, as it is under the datasets root, and
 * writes its size, row count and sha256 into lib/tasks/datasets-manifest.json. Run it after adding an entry (or
 * after deliberately moving an entry to another commit), with the files from their pinned sources in the root.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE, parseDatasetsManifest } from "../../lib/tasks/datasets-manifest";
import { measureDatasetFile } from "../../lib/tasks/dataset-file-check";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";

const root = resolveDatasetsRoot();
const manifest = parseDatasetsManifest(JSON.parse(await readFile(MANIFEST_FILE, "utf8")));
let changed = 0;
for (const file of manifest.files) {
  const figures = await measureDatasetFile(path.join(root, ...file.path.split("/")), file).catch((error: Error) => {
    console.error(`${file.path}: ${error.message}`);
    process.exit(1);
  });
  if (figures.bytes !== file.bytes || figures.rows !== file.rows || figures.sha256 !== file.sha256) changed++;
  Object.assign(file, figures);
  console.log(`${file.path}: ${figures.bytes} bytes, ${figures.rows} rows, sha256 ${figures.sha256}`);
}
await writeFile(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${MANIFEST_FILE}: ${manifest.files.length} files from ${root}, ${changed} changed.`);
