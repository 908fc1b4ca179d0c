/**
 * Summarizes V8 CPU profiles (`node --cpu-prof`, as `npm run bench:web -- --profile DIR` writes them): for the
 * busiest profile (the most time not idle), the functions with the most self time and the files (packages) they live in.
 *
 *   npx tsx tools/bench/cpu-profile-summary.ts DIR [--top 40]
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const directory = process.argv[2];
if (!directory) throw new Error("usage: tsx tools/bench/cpu-profile-summary.ts DIR [--top N]");
const topIndex = process.argv.indexOf("--top");
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 40;

const files = (await readdir(directory)).filter((name) => name.endsWith(".cpuprofile"));
/** Microseconds sampled outside the "(idle)" node: how hard the process worked. */
function busyMicros(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === "(idle)").map((node) => node.id));
  return profile.samples.reduce((sum, id, index) => (idle.has(id) ? sum : sum + (profile.timeDeltas[index] ?? 0)), 0);
}

let busiest: { name: string; profile: CpuProfile; busy: number } | null = null;
for (const name of files) {
  const profile = JSON.parse(await readFile(path.join(directory, name), "utf8")) as CpuProfile;
  const busy = busyMicros(profile);
  if (!busiest || busy > busiest.busy) busiest = { name, profile, busy };
}
if (!busiest) throw new Error(`no .cpuprofile in ${directory}`);

const { profile } = busiest;
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
// Self time per node from the sample deltas (microseconds), which is exact where hitCount is only a count.
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, index) =>
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
);
const totalMicros = profile.endTime - profile.startTime;

/** node_modules/<package> (or the project file) a frame belongs to. */
function owner(url: string): string {
  if (!url) return "(native or V8)";
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  return url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
}

const byFunction = new Map<string, number>();
const byOwner = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const frame = nodeById.get(id)!.callFrame;
  const functionKey = `${frame.functionName || "(anonymous)"}  ${owner(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(functionKey, (byFunction.get(functionKey) ?? 0) + micros);
  byOwner.set(owner(frame.url), (byOwner.get(owner(frame.url)) ?? 0) + micros);
}
const show = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((100 * micros) / totalMicros).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`,
    );
  }
};
console.log(
  `${busiest.name}: ${(totalMicros / 1e6).toFixed(1)} s, ${(busiest.busy / 1e6).toFixed(1)} s not idle, ${profile.samples.length} samples`,
);
show("self time by package or file", byOwner);
show("self time by function", byFunction);
