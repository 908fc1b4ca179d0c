/**
 * `npm run datasets`: fetches every dataset file in lib/tasks/datasets-manifest.json that is missing from the
 * datasets root (lib/tasks/datasets-root.ts), from its pinned public source or JOULEBENCH_DATASETS_MIRROR, and
 * verifies every file. Exits 1 with the reason when a file cannot be fetched or differs from the manifest.
 */
import path from "node:path";
import { dataDirectory } from "../../db/database-server";
import { readEnvironment } from "../../lib/env";
import { datasetsManifest, manifestFile } from "../../lib/tasks/datasets-manifest";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { datasetsSource } from "./datasets-source";
import { ensureDatasets } from "./ensure-datasets";
import { loadDotEnv } from "../prepare";

loadDotEnv();
const environment = readEnvironment();
const root = resolveDatasetsRoot();
const files = datasetsManifest().files.map((file) => manifestFile(file.path));
const readiness = await ensureDatasets({
  root,
  files,
  source: datasetsSource(environment.JOULEBENCH_DATASETS_MIRROR),
  memoryFile: path.join(dataDirectory(), "datasets-verified.json"),
  log: (line) => console.log(line),
  bars: Boolean(process.stdout.isTTY),
});
if (readiness.ready) {
  console.log(`All ${files.length} dataset files are in ${root} and match the manifest.`);
} else {
  console.error(
    `Datasets: ${readiness.stage === "fetch" ? "could not fetch" : "refused"} (${readiness.reason}) — ${readiness.message}`,
  );
  process.exitCode = 1;
}
