/**
 * Energy and interference of each pass of each block, read by the runner (outside the sandbox) at the child's
 * pass boundaries, from the source the profile fixes (lib/profiles/hardware-profiles.ts):
 * - RAPL package and DRAM counters of the packages holding the pinned cores, read at every boundary and at least
 *   every RAPL_MAX_READ_INTERVAL_MS in between, so no interval spans two counter wraps;
 * - NVML board power of the profile's GPU (by UUID), sampled by nvidia-smi and integrated over each window. Window
 *   edges for it are taken on the wall clock, the clock nvidia-smi stamps its samples with; durations come from the
 *   monotonic clock;
 * - otherwise nothing here: the estimate is computed from the child's CPU time in compose-energy.ts.
 * It also reads /proc/stat at each boundary for how busy the other cores were. A source that fails mid-run makes that
 * pass's figure missing, never filled in.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { otherCoresBusy, readProcStat, type CpuTicks } from "../measure/cpu-busy";
import { integrateJoules, NVIDIA_SMI_ENV, nvidiaSmiPowerArgs, parseNvidiaSmiPowerCsv } from "../measure/nvml";
import { defaultClock, packagesOfCores, RAPL_MAX_READ_INTERVAL_MS, RaplAccumulator } from "../measure/rapl";
import type { PassInterference, PassName } from "../child-protocol";

export type HostEnergyMethod = "measured-rapl" | "estimated";
export type GpuEnergyMethod = "measured-nvml";
export type EnergyMethod = HostEnergyMethod | GpuEnergyMethod;

export interface PassWindow extends PassInterference {
  pass: PassName;
  block: number;
  startMs: number;
  endMs: number;
  /** The child's own wall time of the pass (performance.now inside the child). */
  wallMs: number;
  inferences: number;
  raplJoules: number | null;
  gpuJoules: number | null;
  /** Mean busy share of the cores the child was not pinned to; null when /proc/stat could not be read. */
  otherCoresBusy: number | null;
}

export interface EnergyMeterOptions {
  hostMethod: HostEnergyMethod;
  /** The GPU to sample (its UUID), or null for a CPU profile. */
  gpuUuid: string | null;
  cores: readonly number[];
  powercapRoot?: string;
  cpuTopologyRoot?: string;
}

export class EnergyMeter {
  private rapl: RaplAccumulator | null = null;
  private raplTimer: NodeJS.Timeout | undefined;
  private raplFailed = false;
  private readonly open = new Map<
    string,
    { startMs: number; startWallMs: number; rapl: number | null; ticks: Map<number, CpuTicks> | null }
  >();
  private readonly wallEdges = new Map<PassWindow, [number, number]>();
  private nvidiaSmi: ChildProcess | undefined;
  private nvidiaSmiOutput = "";
  readonly windows: PassWindow[] = [];

  constructor(private readonly options: EnergyMeterOptions) {}

  get hostMethod(): HostEnergyMethod {
    return this.options.hostMethod;
  }

  start(): void {
    if (this.options.hostMethod === "measured-rapl") {
      // Throws with the reason (no tree, permission denied) when the counters cannot be read: the host check
      // refused such a host already, so this is a runner fault, reported as such.
      this.rapl = new RaplAccumulator(
        this.options.powercapRoot,
        packagesOfCores(this.options.cores, this.options.cpuTopologyRoot),
      );
      this.raplTimer = setInterval(() => this.readRapl(), RAPL_MAX_READ_INTERVAL_MS / 2);
      this.raplTimer.unref();
    }
    if (this.options.gpuUuid === null) return;
    this.nvidiaSmi = spawn("nvidia-smi", nvidiaSmiPowerArgs(undefined, { gpuUuid: this.options.gpuUuid }), {
      env: { ...process.env, ...NVIDIA_SMI_ENV },
      stdio: ["ignore", "pipe", "ignore"],
    });
    this.nvidiaSmi.stdout?.on("data", (chunk: Buffer) => {
      this.nvidiaSmiOutput += chunk.toString("utf8");
    });
    this.nvidiaSmi.on("error", () => {
      this.nvidiaSmi = undefined;
    });
  }

  passStarted(pass: PassName, block: number): void {
    this.open.set(`${pass}#${block}`, {
      startMs: defaultClock(),
      startWallMs: Date.now(),
      rapl: this.readRapl(),
      ticks: readProcStat(),
    });
  }

  passEnded(pass: PassName, block: number, child: PassInterference & { wallMs: number; inferences: number }): void {
    const opened = this.open.get(`${pass}#${block}`);
    if (!opened) return;
    this.open.delete(`${pass}#${block}`);
    const rapl = this.readRapl();
    const ticks = readProcStat();
    const window: PassWindow = {
      pass,
      block,
      startMs: opened.startMs,
      endMs: defaultClock(),
      wallMs: child.wallMs,
      inferences: child.inferences,
      cpuMicros: child.cpuMicros,
      runQueueDelayNs: child.runQueueDelayNs,
      involuntaryContextSwitches: child.involuntaryContextSwitches,
      raplJoules: opened.rapl !== null && rapl !== null ? rapl - opened.rapl : null,
      gpuJoules: null,
      otherCoresBusy: opened.ticks && ticks ? otherCoresBusy(opened.ticks, ticks, this.options.cores) : null,
    };
    this.windows.push(window);
    this.wallEdges.set(window, [opened.startWallMs, Date.now()]);
  }

  /** Stops the periodic reads and GPU sampling (after a short tail, so the last window is covered), then integrates. */
  async stop(): Promise<void> {
    clearInterval(this.raplTimer);
    if (!this.nvidiaSmi) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
    this.nvidiaSmi.kill("SIGTERM");
    const { samples } = parseNvidiaSmiPowerCsv(this.nvidiaSmiOutput);
    for (const window of this.windows) {
      const [startWallMs, endWallMs] = this.wallEdges.get(window)!;
      window.gpuJoules =
        endWallMs > startWallMs ? (integrateJoules(samples, startWallMs, endWallMs)?.joules ?? null) : null;
    }
  }

  /** Joules since start, or null once a read has failed (every later window is then missing, not half-counted). */
  private readRapl(): number | null {
    if (!this.rapl || this.raplFailed) return null;
    try {
      return this.rapl.read();
    } catch {
      this.raplFailed = true;
      return null;
    }
  }
}
