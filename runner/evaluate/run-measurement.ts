/**
 * The "evaluating" and "measuring" states: writes the child's job, starts it in the sandbox with the profile's
 * cores, memory cap and timeout, follows its messages (progress, pass boundaries for the energy meter,
 * predictions, latencies) and turns every way a child can end badly into an EvaluationError with a clear code.
 */
import { readdirSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HardwareProfile } from "../../lib/profiles/hardware-profiles";
import type { ChildHost, ChildJob, ChildMessage } from "../child-protocol";
import { CHILD_RUNTIME_PACKAGES, childBundle, packageDirectory } from "../child-bundle";
import { createMemoryLimit, type MemoryCapMechanism } from "../sandbox/memory-limit";
import { runSandboxed } from "../sandbox/run-sandboxed";
import { buildSandboxCommand, SANDBOX_UID } from "../sandbox/sandbox-command";
import { copyPrivately } from "../staging/copy-privately";
import { mustStageForSandboxUser, stageEvaluation, stageRuntime } from "../sandbox/stage-for-sandbox-user";
import { EnergyMeter } from "./energy-meter";
import { EvaluationError } from "./evaluation-error";
import { ProgressWatchdog, stallMessage, type Stall, type WatchdogBounds } from "./watchdog";

export interface ChildOutcome {
  loadMs: number;
  readyAfterMs: number;
  predicted: number[];
  /** Indices of the examples the tokenizer truncated to the maximum length. */
  truncated: number[];
  /** The host as the child saw it, inside the sandbox. */
  host: ChildHost;
  latency: Extract<ChildMessage, { type: "latency" }>[];
  throughput: Extract<ChildMessage, { type: "throughput" }>[];
  peakRssBytes: number | null;
  cgroupPeakBytes: number | null;
  memoryCapMechanism: MemoryCapMechanism;
  meter: EnergyMeter;
  wallMs: number;
  stderrTail: string;
}

export interface RunMeasurementOptions {
  job: ChildJob;
  bundleDir: string;
  modelFileName: string;
  workDir: string;
  childBundleDir: string;
  profile: HardwareProfile;
  cores: number[];
  timeoutMs: number;
  /** Per-stage progress bounds; a run that misses one fails with TIMEOUT naming the stage. */
  watchdog: WatchdogBounds;
  sandboxed: boolean;
  powercapRoot?: string;
  /** The GPU the child may use and the meter samples (its UUID), for a cuda profile. */
  gpuUuid?: string | null;
  onMessage?: (message: ChildMessage) => void;
  signal?: AbortSignal;
}

export async function runMeasurement(options: RunMeasurementOptions): Promise<ChildOutcome> {
  const { command, memory, staged } = await prepareChild(options);
  const meter = new EnergyMeter({
    hostMethod: options.profile.energySources.host === "rapl" ? "measured-rapl" : "estimated",
    gpuUuid: options.profile.energySources.gpu === "nvml" ? (options.gpuUuid ?? null) : null,
    cores: options.cores,
    powercapRoot: options.powercapRoot,
  });
  const started = performance.now();
  try {
    meter.start();
  } catch (error) {
    await meter.stop().catch(() => {});
    await staged?.cleanup();
    await memory.release();
    throw new EvaluationError(
      "PROFILE_UNAVAILABLE",
      `The profile's energy meter could not start: ${(error as Error).message}`,
    );
  }
  let stall: Stall | undefined;
  const stopStalled = new AbortController();
  const watchdog = new ProgressWatchdog(options.watchdog, (stalled) => {
    stall = stalled;
    stopStalled.abort();
  });
  const recorder = new ChildRecorder(meter, started);
  watchdog.start();
  let run: SandboxRun;
  try {
    run = await runSandboxed({
      ...command,
      timeoutMs: options.timeoutMs,
      signal: options.signal ? AbortSignal.any([options.signal, stopStalled.signal]) : stopStalled.signal,
      memoryCapBytes: options.profile.memoryCapBytes,
      watchdog: memory.mechanism === "watchdog",
      onMessage: (raw) => {
        const message = raw as ChildMessage;
        watchdog.observe(message);
        recorder.record(message);
        options.onMessage?.(message);
      },
    });
  } finally {
    watchdog.stop();
    await meter.stop().catch(() => {});
    await staged?.cleanup();
  }
  let usage: MemoryUsage;
  try {
    usage = await memory.readUsage();
  } finally {
    await memory.release();
  }

  const failure = howTheChildFailed(options, { stall, run, usage, childError: recorder.childError });
  if (failure) throw failure;
  const { outcome } = recorder;
  if (run.exitCode !== 0 || !outcome.predicted || !outcome.host) throw childCrashed(run);
  return {
    loadMs: outcome.loadMs ?? 0,
    readyAfterMs: outcome.readyAfterMs ?? 0,
    predicted: outcome.predicted,
    truncated: outcome.truncated ?? [],
    host: outcome.host,
    latency: outcome.latency,
    throughput: outcome.throughput,
    peakRssBytes: outcome.peakRssBytes ?? null,
    cgroupPeakBytes: usage.peakBytes,
    memoryCapMechanism: memory.mechanism,
    meter,
    wallMs: run.wallMs,
    stderrTail: run.stderrTail,
  };
}

type MemoryLimit = Awaited<ReturnType<typeof createMemoryLimit>>;
type MemoryUsage = Awaited<ReturnType<MemoryLimit["readUsage"]>>;
type SandboxRun = Awaited<ReturnType<typeof runSandboxed>>;

/**
 * Everything the child needs before it starts: its job file, the runtime and the evaluation staged where the
 * sandbox user can read them (root runners), the memory cap, and the sandbox command with its mounts and cores.
 */
async function prepareChild(options: RunMeasurementOptions): Promise<{
  command: ReturnType<typeof buildSandboxCommand>;
  memory: MemoryLimit;
  staged: Awaited<ReturnType<typeof stageEvaluation>> | null;
}> {
  const jobDir = path.join(options.workDir, "job");
  await mkdir(jobDir, { recursive: true, mode: 0o700 });
  const sandboxJob: ChildJob = {
    ...options.job,
    modelPath: options.sandboxed
      ? `/model/${options.modelFileName}`
      : path.join(options.bundleDir, options.modelFileName),
  };
  // Owner-only: it holds every evaluation input; the sandbox user reads its own staged copy.
  await writeFile(path.join(jobDir, "job.json"), JSON.stringify(sandboxJob), { mode: 0o600 });

  const bundled = await childBundle(options.childBundleDir);
  const packages = Object.fromEntries(CHILD_RUNTIME_PACKAGES.map((name) => [name, packageDirectory(name)]));
  // Root runners start the child as host nobody, who must be able to reach every mount (see stage-for-sandbox-user.ts).
  // A runner that is not root runs the child as itself (bwrap's user namespace maps nobody to the runner's uid),
  // which can read its own files where they are.
  const dropPrivileges = options.sandboxed && mustStageForSandboxUser();
  const stagedRuntime = dropPrivileges ? await stageRuntime(bundled, packages) : null;
  const runtime = stagedRuntime ?? { childScript: bundled, packageDirs: packages };
  const staged = dropPrivileges ? await stageEvaluation({ bundleDir: options.bundleDir, jobDir }) : null;
  const script = options.sandboxed ? runtime.childScript : await stageUnsandboxedChild(bundled, options.workDir);
  const memory = await createMemoryLimit(
    `eval-${path.basename(options.workDir)}`,
    options.profile.memoryCapBytes,
  ).catch(async (error: unknown) => {
    await staged?.cleanup();
    throw error;
  });
  const command = buildSandboxCommand({
    nodePath: process.execPath,
    childScript: { hostPath: script, sandboxPath: "/app/child.mjs" },
    mounts: [
      ...Object.entries(runtime.packageDirs).map(([name, dir]) => ({
        hostPath: dir,
        sandboxPath: `/app/node_modules/${name}`,
      })),
      { hostPath: staged?.bundleDir ?? options.bundleDir, sandboxPath: "/model" },
      { hostPath: staged?.jobDir ?? jobDir, sandboxPath: "/job" },
    ],
    cores: options.cores,
    prefix: memory.prefix,
    unsafeNoSandbox: !options.sandboxed,
    // The attempt's group reads its copies, the area's group reaches the runtime; nothing else.
    dropTo:
      stagedRuntime && staged ? { uid: SANDBOX_UID, gid: staged.groupId, groups: [stagedRuntime.groupId] } : undefined,
    gpu: options.gpuUuid ? { uuid: options.gpuUuid, devices: nvidiaDeviceFiles() } : undefined,
  });
  if (!options.sandboxed) command.args.push(path.join(jobDir, "job.json"));
  return { command, memory, staged };
}

/** The child's messages as they arrive: pass boundaries go to the energy meter, everything else into the outcome. */
class ChildRecorder {
  readonly outcome: Partial<ChildOutcome> & {
    latency: ChildOutcome["latency"];
    throughput: ChildOutcome["throughput"];
  } = { latency: [], throughput: [] };
  childError: { code: string; message: string } | undefined;

  constructor(
    private readonly meter: EnergyMeter,
    private readonly started: number,
  ) {}

  record(message: ChildMessage): void {
    const { outcome } = this;
    switch (message.type) {
      case "ready":
        outcome.loadMs = message.loadMs;
        outcome.readyAfterMs = performance.now() - this.started;
        break;
      case "host":
        outcome.host = message.host;
        break;
      case "pass-start":
        this.meter.passStarted(message.pass, message.block);
        break;
      case "pass-end":
        this.meter.passEnded(message.pass, message.block, message);
        break;
      case "predictions":
        outcome.predicted = message.predicted;
        outcome.truncated = message.truncated ?? [];
        break;
      case "latency":
        outcome.latency.push(message);
        break;
      case "throughput":
        outcome.throughput.push(message);
        break;
      case "done":
        outcome.peakRssBytes = message.peakRssBytes;
        break;
      case "error":
        this.childError = { code: message.code, message: message.message };
        break;
    }
  }
}

/**
 * Why a run that ended badly ended, in the order that decides it: a stalled stage, a cancel, the time limit, the
 * memory cap (the kernel's OOM killer, our watchdog, or a SIGKILL the child did not explain), then the child's
 * own error. Null when none of these happened.
 */
function howTheChildFailed(
  options: RunMeasurementOptions,
  ended: {
    stall: Stall | undefined;
    run: SandboxRun;
    usage: MemoryUsage;
    childError: { code: string; message: string } | undefined;
  },
): EvaluationError | null {
  const { stall, run, usage, childError } = ended;
  if (stall && !options.signal?.aborted) return new EvaluationError("TIMEOUT", stallMessage(stall));
  if (run.aborted)
    return new EvaluationError("CANCELLED", "The evaluation was cancelled while it ran; nothing was recorded.");
  if (run.timedOut) {
    return new EvaluationError(
      "TIMEOUT",
      `The evaluation ran past its ${Math.round(options.timeoutMs / 1000)} s limit and was stopped.`,
    );
  }
  if (usage.oomKilled || run.watchdogKilled || (run.signal === "SIGKILL" && !childError)) {
    return new EvaluationError(
      "MEMORY_LIMIT",
      `The model needed more than the profile's ${formatBytes(options.profile.memoryCapBytes)} memory cap and was stopped.`,
    );
  }
  if (childError) return new EvaluationError(childError.code, childError.message);
  return null;
}

function childCrashed(run: SandboxRun): EvaluationError {
  const lastLines = run.stderrTail.trim().split("\n").slice(-5).join("\n");
  return new EvaluationError(
    "CHILD_CRASHED",
    `The model process ended abnormally (exit ${run.exitCode ?? run.signal}).${lastLines ? `\n${lastLines}` : ""}`,
  );
}

/**
 * Outside the sandbox the child must find onnxruntime as it does inside (/app/node_modules): the bundle leaves it
 * external, and the bundle's own folder (the data directory) need not sit inside a tree with node_modules.
 */
async function stageUnsandboxedChild(bundled: string, workDir: string): Promise<string> {
  const appDir = path.join(workDir, "app");
  await mkdir(path.join(appDir, "node_modules"), { recursive: true, mode: 0o700 });
  for (const name of CHILD_RUNTIME_PACKAGES)
    await symlink(packageDirectory(name), path.join(appDir, "node_modules", name), "dir");
  const staged = path.join(appDir, "child.mjs");
  await copyPrivately(bundled, staged);
  return staged;
}

/** The NVIDIA device files a CUDA process opens: the per-GPU nodes, nvidiactl, nvidia-uvm and nvidia-uvm-tools. */
function nvidiaDeviceFiles(): string[] {
  try {
    return readdirSync("/dev")
      .filter((name) => /^nvidia(\d+|ctl|-uvm|-uvm-tools|-modeset)$/.test(name))
      .map((name) => `/dev/${name}`);
  } catch {
    return [];
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}
