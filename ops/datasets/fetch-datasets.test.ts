import { createServer } from "node:net";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile, copyFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkDemoData, DEMO_TASKS, demoManifestFiles } from "../../tools/demo/demo-data";
import {
  startDatasetMirror,
  type DatasetMirror,
  type DatasetMirrorOptions,
} from "../../test-support/dataset-mirror-server";
import { datasetsManifest, manifestFile, pinnedPath, type MeasuredFile } from "../../lib/tasks/datasets-manifest";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";
import { datasetsSource } from "./datasets-source";
import { ensureDatasets, type DatasetsReadiness } from "./ensure-datasets";
import { formatDataSize } from "./fetch-datasets";

const sharedRoot = resolveDatasetsRoot();
const allFiles = datasetsManifest().files.map((file) => manifestFile(file.path));
const small = (filePath: string) => manifestFile(filePath);
let workDir: string;
let mirror: DatasetMirror | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "datasets-fetch-"));
});
afterEach(async () => {
  await mirror?.close();
  mirror = undefined;
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function serve(options: Omit<DatasetMirrorOptions, "filesRoot"> = {}): Promise<DatasetMirror> {
  mirror = await startDatasetMirror({ filesRoot: sharedRoot, ...options });
  return mirror;
}

let folders = 0;
async function emptyFolder(): Promise<string> {
  const folder = path.join(workDir, `root-${++folders}`);
  await mkdir(folder);
  return folder;
}

async function ensure(
  root: string,
  files: MeasuredFile[],
  mirrorSetting: string,
  lines: string[] = [],
  stallTimeoutMs?: number,
): Promise<DatasetsReadiness> {
  return ensureDatasets({
    root,
    files,
    source: datasetsSource(mirrorSetting),
    memoryFile: path.join(root, "..", `${path.basename(root)}-verified.json`),
    log: (line) => lines.push(line),
    bars: false,
    stallTimeoutMs,
  });
}

/** Every file under a folder, relative to it: what a failed fetch must not leave behind. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

function failure(readiness: DatasetsReadiness) {
  if (readiness.ready) throw new Error("expected the fetch to fail");
  return readiness;
}

describe("fetching the datasets from a mirror of their pinned sources", () => {
  it("fills an empty folder with every file, byte for byte, and the demo's tasks load from it", async () => {
    const server = await serve();
    const root = await emptyFolder();
    const lines: string[] = [];
    const readiness = await ensure(root, allFiles, server.url, lines);
    expect(readiness).toMatchObject({ ready: true });
    expect((await filesUnder(root)).sort()).toEqual(allFiles.map((file) => file.path).sort());
    for (const file of allFiles) {
      expect(
        (await readFile(path.join(root, file.path))).equals(await readFile(path.join(sharedRoot, file.path))),
      ).toBe(true);
    }
    expect(lines[0]).toMatch(
      new RegExp(`^Fetching ${allFiles.length} dataset file\\(s\\), 8.94 MB, from ${server.url} into `),
    );
    // Citation and terms once per dataset, a line per file.
    for (const dataset of Object.values(datasetsManifest().datasets)) {
      expect(lines.filter((line) => line.includes(dataset.citation))).toHaveLength(1);
    }
    expect(lines.find((line) => line.includes("AG's News"))).toContain("do not commit, bundle or re-serve it");
    expect(lines.filter((line) => line.endsWith("sha256 verified"))).toHaveLength(allFiles.length);

    expect(checkDemoData(root).missing).toEqual([]);
    for (const slug of DEMO_TASKS) {
      const task = getTaskDefinition(slug);
      for (const { spec } of splitFiles(task)) {
        const loaded = await loadExamples(spec, root, task);
        expect(loaded.labels.length + loaded.skipped.length).toBe(manifestFile(spec.path).rows);
      }
    }

    const requestsBefore = server.requests.length;
    expect(await ensure(root, allFiles, server.url)).toMatchObject({ ready: true, fetched: [] });
    expect(server.requests.length).toBe(requestsBefore);
  });

  it("resumes a cut-off download with a Range request", async () => {
    const server = await serve({
      behaviour: (file, request) => (file.path === "sst2/dev.tsv" && request === 1 ? "cut-off" : "serve"),
    });
    const root = await emptyFolder();
    expect(await ensure(root, [small("sst2/dev.tsv")], server.url)).toMatchObject({ ready: true });
    const ranges = server.requests.map((request) => request.range);
    expect(ranges).toEqual([undefined, `bytes=${Math.floor(small("sst2/dev.tsv").bytes / 2)}-`]);
    expect(await filesUnder(root)).toEqual(["sst2/dev.tsv"]);
  });

  it("resumes the part a killed run left, and starts over from a part longer than the file", async () => {
    const server = await serve();
    const root = await emptyFolder();
    const file = small("sms_spam/SMSSpamCollection");
    const whole = await readFile(path.join(sharedRoot, file.path));
    await mkdir(path.join(root, "sms_spam"));
    await writeFile(path.join(root, `${file.path}.download`), whole.subarray(0, 1000));
    expect(await ensure(root, [file], server.url)).toMatchObject({ ready: true });
    expect(server.requests.map((request) => request.range)).toEqual(["bytes=1000-"]);

    const other = small("rte/val.jsonl");
    await mkdir(path.join(root, "rte"));
    await writeFile(path.join(root, `${other.path}.download`), Buffer.alloc(other.bytes + 1));
    expect(await ensure(root, [other], server.url)).toMatchObject({ ready: true });
    // Discarded before asking: one request, from the start (not a Range the server must refuse with 416).
    expect(server.requests.filter((request) => request.file === other.path).map((request) => request.range)).toEqual([
      undefined,
    ]);
    expect((await filesUnder(root)).sort()).toEqual([other.path, file.path]);
  });

  it("restarts a cut-off download when the server cannot resume", async () => {
    const server = await serve({ ranges: false, behaviour: (_file, request) => (request === 1 ? "cut-off" : "serve") });
    const root = await emptyFolder();
    expect(await ensure(root, [small("rte/val.jsonl")], server.url)).toMatchObject({ ready: true });
    // It asked to resume, got the whole file (200) instead, and started over.
    expect(server.requests.map((request) => request.range)).toEqual([
      undefined,
      `bytes=${Math.floor(small("rte/val.jsonl").bytes / 2)}-`,
    ]);
    expect(await readFile(path.join(root, "rte/val.jsonl"))).toEqual(
      await readFile(path.join(sharedRoot, "rte/val.jsonl")),
    );
  });

  it("gives up on a download cut off every time, naming the file, and leaves nothing behind", async () => {
    const server = await serve({ behaviour: (_file, request) => (request === 2 ? "cut-off" : "dropped") });
    const root = await emptyFolder();
    const result = failure(await ensure(root, [small("sst2/dev.tsv")], server.url));
    expect(result.reason).toBe("cut off");
    expect(result.message).toMatch(
      /^sst2\/dev\.tsv: the download from http:\/\/127\.0\.0\.1:\d+\/eyalbd2\/.*dev\.tsv was cut off.*\(3 tries\)$/,
    );
    expect(server.requests).toHaveLength(3);
    expect(await filesUnder(root)).toEqual([]);
  });

  it("refuses a file whose digest differs, naming the file, the source and both digests, and removes it", async () => {
    const server = await serve({ behaviour: () => "other-bytes" });
    const root = await emptyFolder();
    const file = small("cb/val.jsonl");
    const result = failure(await ensure(root, [file], server.url));
    expect(result.reason).toBe("digest mismatch");
    expect(result.message).toContain(
      `cb/val.jsonl from ${server.url}/tonyzhaozh/few-shot-learning/${file.source.commit}/data/cb/val.jsonl has sha256 `,
    );
    expect(result.message).toContain(`not the recorded ${file.sha256}`);
    expect(result.message).toMatch(/has sha256 [0-9a-f]{64}, not/);
    expect(await filesUnder(root)).toEqual([]);
  });

  it("reports a file the source does not have (404), with its address", async () => {
    const server = await serve({ behaviour: () => "not-found" });
    const root = await emptyFolder();
    const result = failure(await ensure(root, [small("rte/val.jsonl")], server.url));
    expect(result.reason).toBe("not found at the source");
    expect(result.message).toMatch(
      /^rte\/val\.jsonl: http:\/\/127\.0\.0\.1:\d+\/tonyzhaozh\/few-shot-learning\/[0-9a-f]{40}\/data\/rte\/val\.jsonl answered HTTP 404 Not Found$/,
    );
    expect(await filesUnder(root)).toEqual([]);
  });

  it("times out on a server that stops sending, instead of hanging", async () => {
    const server = await serve({ behaviour: () => "stall" });
    const root = await emptyFolder();
    const result = failure(await ensure(root, [small("sms_spam/SMSSpamCollection")], server.url, [], 300));
    expect(result.reason).toBe("timed out");
    expect(result.message).toContain("sms_spam/SMSSpamCollection: ");
    expect(result.message).toContain("sent nothing for 0.3 s (timed out)");
    expect(await filesUnder(root)).toEqual([]);
  });

  it("says when the datasets folder cannot be written", async () => {
    const server = await serve();
    const blocker = path.join(workDir, "a-file");
    await writeFile(blocker, "not a folder");
    const result = failure(await ensure(path.join(blocker, "datasets"), [small("rte/val.jsonl")], server.url));
    expect(result.reason).toBe("folder not writable");
    expect(result.message).toContain(
      `cannot write the datasets folder ${path.join(blocker, "datasets")}: a file is in the way`,
    );
    expect(server.requests).toEqual([]);
  });

  it("names an unreachable source: a refused connection and an unknown host", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const refused = failure(
      await ensure(await emptyFolder(), [small("rte/val.jsonl")], `http://127.0.0.1:${closedPort}`),
    );
    expect(refused.reason).toBe("connection refused");
    expect(refused.message).toContain(`rte/val.jsonl: connection to 127.0.0.1:${closedPort} refused`);
    // .invalid never resolves (RFC 2606), with or without a network.
    const unknown = failure(await ensure(await emptyFolder(), [small("rte/val.jsonl")], "http://datasets.invalid"));
    expect(unknown.reason).toBe("host not found");
    expect(unknown.message).toContain("host datasets.invalid not found");
  });

  it("copies from a mirror folder laid out as the pinned paths", async () => {
    const mirrorFolder = path.join(workDir, "mirror-folder");
    const files = [small("rte/val.jsonl"), small("uci_sentiment_sentences/imdb_labelled.txt")];
    for (const file of files) {
      const target = path.join(mirrorFolder, ...pinnedPath(file));
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(path.join(sharedRoot, file.path), target);
    }
    const root = await emptyFolder();
    expect(await ensure(root, files, mirrorFolder)).toMatchObject({ ready: true });
    expect((await filesUnder(root)).sort()).toEqual(files.map((file) => file.path).sort());
    const missing = failure(await ensure(await emptyFolder(), [small("cb/val.jsonl")], mirrorFolder));
    expect(missing.reason).toBe("not found at the source");
    expect(missing.message).toContain(`is not in the mirror folder`);
  });
});

describe("files already present", () => {
  it("are checked against the manifest: a different file is refused by name, with both digests", async () => {
    const root = await emptyFolder();
    const file = small("rte/val.jsonl");
    const bytes = await readFile(path.join(sharedRoot, file.path));
    bytes[10] = bytes[10]! ^ 0x01;
    await mkdir(path.join(root, "rte"));
    await writeFile(path.join(root, file.path), bytes);
    const result = failure(await ensure(root, [file], "http://datasets.invalid"));
    expect(result.stage).toBe("verify");
    expect(result.message).toContain(`rte/val.jsonl from ${path.join(root, "rte")} has sha256 `);
    expect(result.message).toContain(`not the recorded ${file.sha256}`);
    expect(existsSync(path.join(root, file.path))).toBe(true);
  });

  it("are read once and remembered by size and modification time; a size change is caught at once", async () => {
    const root = await emptyFolder();
    const file = small("cb/val.jsonl");
    await mkdir(path.join(root, "cb"));
    await copyFile(path.join(sharedRoot, file.path), path.join(root, file.path));
    expect(await ensure(root, [file], "http://datasets.invalid")).toMatchObject({ ready: true });
    const memory = JSON.parse(
      await readFile(path.join(workDir, `${path.basename(root)}-verified.json`), "utf8"),
    ) as Record<string, { sha256: string }>;
    expect(memory[path.join(root, file.path)]?.sha256).toBe(file.sha256);
    await writeFile(path.join(root, file.path), "shorter\n");
    const result = failure(await ensure(root, [file], "http://datasets.invalid"));
    expect(result.message).toBe(
      `cb/val.jsonl in ${path.join(root, "cb")} has 8 bytes, not the ${file.bytes} recorded in the manifest`,
    );
  });
});

describe("what people read", () => {
  it("sizes in SI units with 3 significant digits", () => {
    expect([999, 1000, 24_598, 94_931, 3_806_081, 8_941_273].map(formatDataSize)).toEqual([
      "999 B",
      "1 kB",
      "24.6 kB",
      "94.9 kB",
      "3.81 MB",
      "8.94 MB",
    ]);
  });

  it("README says how many files the first start downloads, and how much", async () => {
    const files = demoManifestFiles();
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    expect(await readFile("README.md", "utf8")).toContain(`${files.length} files, ${formatDataSize(total)} in all`);
  });
});
