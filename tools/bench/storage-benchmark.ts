/**
 * Does the artifact store stream? (issue 9: "a 1 GiB upload raises the web process's peak memory by less than
 * 64 MB, and a refused oversize upload is cut off within the first megabytes past the limit".) For the local
 * folder and an S3-compatible server (s3rver, in a process of its own), measured in this process:
 *   - put() of a generated body (1 GiB by default): peak RSS above the RSS before it, and MiB/s;
 *   - download() of that object with its sha256 checked: the same;
 *   - put() of an endless body with maxBytes 8 MiB: how many bytes were read from the body before it was refused.
 * The body is one 1 MiB buffer yielded again and again, so the benchmark itself allocates nothing per chunk.
 * Results go to .data/bench/storage-<timestamp>.json; docs/BENCHMARKS.md records them.
 *
 *   npm run bench:storage                     1 GiB, both backends
 *   npm run bench:storage -- --size-mib 64    a quick run
 *   options: --backends local,s3  --out DIR
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { artifactStoreFromEnvironment, type ArtifactStore } from "../../lib/storage";
import { LocalArtifactStore } from "../../lib/storage/local-store";

const { values: flags } = parseArgs({
  options: {
    "size-mib": { type: "string", default: "1024" },
    backends: { type: "string", default: "local,s3" },
    out: { type: "string", default: ".data/bench" },
  },
});
const MiB = 1024 * 1024;
const sizeMiB = Number(flags["size-mib"]);
if (!Number.isInteger(sizeMiB) || sizeMiB < 1)
  throw new Error(`--size-mib must be a whole number ≥ 1, got "${flags["size-mib"]}"`);
const backends = (flags.backends ?? "").split(",").filter(Boolean);
// Issue 9's bound for the web process, applied to the store alone.
const PEAK_RSS_TARGET_MB = 64;
const OVERSIZE_LIMIT_BYTES = 8 * MiB;

const chunk = Buffer.alloc(MiB, 0x5a);
async function* generatedBody(chunks: number, counter?: { bytes: number }) {
  for (let index = 0; index < chunks; index += 1) {
    if (counter) counter.bytes += chunk.length;
    yield chunk;
  }
}

/** Runs work while sampling RSS every 10 ms; returns its result, the peak RSS above the start (MB) and seconds. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number; seconds: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: (peak - before) / 1e6, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(sampler);
  }
}

async function openBackend(
  name: string,
  scratch: string,
): Promise<{ store: ArtifactStore; close: () => Promise<void> }> {
  if (name === "local") return { store: new LocalArtifactStore(path.join(scratch, "storage")), close: async () => {} };
  if (name !== "s3") throw new Error(`--backends: unknown backend "${name}" (known: local, s3)`);
  const server = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "storage-benchmark", "s3-server.ts")],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const [line] = await createInterface({ input: server.stdout! })
    [Symbol.asyncIterator]()
    .next()
    .then((next) => [next.value as string]);
  const environment = JSON.parse(line!) as Record<string, string>;
  return {
    store: artifactStoreFromEnvironment({ ...process.env, ...environment }),
    close: async () => {
      server.stdin!.end();
      await new Promise((resolve) => server.once("exit", resolve));
    },
  };
}

const scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-storage-bench-"));
const results: Record<string, unknown>[] = [];
try {
  for (const backend of backends) {
    const { store, close } = await openBackend(backend, scratch);
    try {
      // A small round trip first: the SDK's modules and the connection pool are loaded once per process, not
      // per upload, and are not what this measures.
      await store.put("bench/warm-up.bin", generatedBody(6));
      await store.download("bench/warm-up.bin", path.join(scratch, "warm-up.bin"));
      await store.delete("bench/warm-up.bin");
      const put = await measured(() => store.put("bench/large.bin", generatedBody(sizeMiB)));
      const download = await measured(() =>
        store.download("bench/large.bin", path.join(scratch, "downloaded.bin"), put.value.sha256),
      );
      await rm(path.join(scratch, "downloaded.bin"), { force: true });
      await store.delete("bench/large.bin");
      const pulled = { bytes: 0 };
      const refused = await store
        .put("bench/oversize.bin", generatedBody(Number.MAX_SAFE_INTEGER, pulled), { maxBytes: OVERSIZE_LIMIT_BYTES })
        .then(
          () => "accepted",
          (error: { code?: string }) => error.code ?? "other error",
        );
      const row = {
        backend,
        sizeMiB,
        putPeakRssMb: round(put.peakRssMb),
        putMiBPerSecond: round(sizeMiB / put.seconds),
        downloadPeakRssMb: round(download.peakRssMb),
        downloadMiBPerSecond: round(sizeMiB / download.seconds),
        oversizeOutcome: refused,
        oversizeReadPastLimitMiB: round((pulled.bytes - OVERSIZE_LIMIT_BYTES) / MiB),
      };
      results.push(row);
      console.log(JSON.stringify(row));
    } finally {
      await close();
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const failures = results.filter(
  (row) => (row.putPeakRssMb as number) >= PEAK_RSS_TARGET_MB || row.oversizeOutcome !== "TOO_LARGE",
);
console.log(
  `\n| backend | size | put: peak RSS above start | put MiB/s | download: peak RSS | download MiB/s | oversize read past the limit |`,
);
console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
for (const row of results) {
  console.log(
    `| ${row.backend} | ${row.sizeMiB} MiB | ${row.putPeakRssMb} MB | ${row.putMiBPerSecond} | ${row.downloadPeakRssMb} MB | ${row.downloadMiBPerSecond} | ${row.oversizeReadPastLimitMiB} MiB (${row.oversizeOutcome}) |`,
  );
}
// As bench:runner: a missed target is printed (MISS), not turned into an exit code; a benchmark measures.
console.log(
  failures.length === 0
    ? `\nPASS: put peak RSS < ${PEAK_RSS_TARGET_MB} MB and oversize refused`
    : `\nMISS: ${failures.map((row) => row.backend).join(", ")} over target`,
);
await mkdir(flags.out!, { recursive: true });
const file = path.join(flags.out!, `storage-${new Date().toISOString().replaceAll(":", "-")}.json`);
await writeFile(
  file,
  JSON.stringify(
    { machine: `${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length}, node ${process.version}`, results },
    null,
    2,
  ),
);
console.log(`written to ${file}`);

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
