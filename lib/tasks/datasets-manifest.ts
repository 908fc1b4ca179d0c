/**
 * The datasets manifest (./datasets-manifest.json): every dataset file Joulebench reads, the public repository
 * and commit it is published at, and the size, row count and sha256 its bytes must have. The fetch step
 * (ops/datasets) downloads from it and the demo verifies against it, so one entry per file is all a new
 * file needs; `npm run datasets:manifest` measures the files and fills in their figures.
 */
import { z } from "zod";
// The attribute lets Node's own ESM loader (Playwright's, for the tests' mirror server) read it too.
import manifestJson from "./datasets-manifest.json" with { type: "json" };
import { DatasetError } from "./dataset-error";

const datasetSchema = z.object({
  title: z.string().min(1),
  citation: z.string().min(1),
  terms: z.string().min(1),
  // false when the terms do not grant redistribution: the file is fetched from its source by each user, never
  // committed, bundled or served by a Joulebench site.
  redistributable: z.boolean(),
});

const fileSchema = z.object({
  /** Where the file sits under the datasets root, as task definitions name it. */
  path: z.string().regex(/^[^/].*[^/]$/, "must be a relative path"),
  dataset: z.string().min(1),
  source: z.object({
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
    // Full hashes: a host resolves them without a lookup, and a mirror's folders are named by them.
    commit: z.string().regex(/^[0-9a-f]{40}$/, "must be a full 40-hex commit"),
    path: z.string().min(1),
  }),
  /** How rows are counted: the reader lib/tasks/row-readers.ts uses for this format; the header is not a row. */
  format: z.enum(["tsv", "csv", "jsonl", "label-text"]),
  header: z.boolean(),
  bytes: z.number().int().positive().optional(),
  rows: z.number().int().nonnegative().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

const manifestSchema = z
  .object({
    about: z.string(),
    defaultSource: z.string().url(),
    datasets: z.record(z.string(), datasetSchema),
    files: z.array(fileSchema),
  })
  .superRefine((manifest, context) => {
    const seen = new Set<string>();
    for (const file of manifest.files) {
      const issue = (message: string) => context.addIssue({ code: "custom", message, path: ["files"] });
      if (seen.has(file.path)) issue(`${file.path} is listed twice`);
      seen.add(file.path);
      if (!manifest.datasets[file.dataset]) issue(`${file.path}: no dataset "${file.dataset}"`);
    }
  });

export type DatasetsManifest = z.infer<typeof manifestSchema>;
export type DatasetInfo = z.infer<typeof datasetSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;
/** An entry whose figures have been measured: what fetching and verification need. */
export type MeasuredFile = ManifestFile & { bytes: number; rows: number; sha256: string };

export const MANIFEST_FILE = "lib/tasks/datasets-manifest.json";

export function parseDatasetsManifest(json: unknown): DatasetsManifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new DatasetError("TASK_DEFINITION_INVALID", `${MANIFEST_FILE} is invalid: ${problems}`);
  }
  return parsed.data;
}

let shipped: DatasetsManifest | undefined;

export function datasetsManifest(): DatasetsManifest {
  shipped ??= parseDatasetsManifest(manifestJson);
  return shipped;
}

export function isMeasured(file: ManifestFile): file is MeasuredFile {
  return file.bytes !== undefined && file.rows !== undefined && file.sha256 !== undefined;
}

/** The manifest's entry for a file under the datasets root, with its figures; a missing one is a defect here. */
export function manifestFile(filePath: string, manifest = datasetsManifest()): MeasuredFile {
  const file = manifest.files.find((entry) => entry.path === filePath);
  if (!file || !isMeasured(file)) {
    throw new DatasetError(
      "TASK_DEFINITION_INVALID",
      `${filePath} has no ${file ? "measured " : ""}entry in ${MANIFEST_FILE}; add one and run \`npm run datasets:manifest\`.`,
    );
  }
  return file;
}

/**
 * The file's path on its host and on any mirror: owner/name/commit/path, the layout of raw.githubusercontent.com,
 * so a mirror is a copy of those URLs (`wget -x` makes one) and a folder mirror holds the same tree.
 */
export function pinnedPath(file: ManifestFile): string[] {
  return [...file.source.repository.split("/"), file.source.commit, ...file.source.path.split("/")];
}

/** Where the file is published: its repository at its commit, for messages and docs. */
export function publicSource(file: ManifestFile): string {
  return `https://github.com/${file.source.repository}/blob/${file.source.commit.slice(0, 8)}/${file.source.path.split("/").map(encodeURIComponent).join("/")}`;
}
