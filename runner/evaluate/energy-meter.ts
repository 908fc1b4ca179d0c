/**
 * Energy of each measured pass, from the best source the host has:
 * - RAPL package and DRAM counters (read by the runner, outside the sandbox, at the child's pass boundaries);
 * - NVML board power sampled by nvidia-smi for the GPU profile, integrated over each pass's window;
 * - otherwise the CodeCarbon-style estimate from the child's own CPU time and peak memory.
 * A source that fails mid-run is reported as missing for that pass, never filled in.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { defaultClock, raplAvailable, raplJoulesBetween, readRaplSnapshot, type RaplSnapshot } from "../../lib/measure/rapl";
import { integrateJoules, NVIDIA_SMI_ENV, nvidiaSmiPowerArgs, parseNvidiaSmiPowerCsv } from "../../lib/measure/nvml";
import type { PassName } from "../child-protocol";

export type EnergyMethod = "measured-rapl" | "measured-nvml" | "estimated";

export interface PassWindow {
  pass: PassName;
  repeat: number;
  startMs: number;
  endMs: number;
  wallMs: number;
  cpuMicros: number;
  inferences: number;
  raplJoules: number | null;
  gpuJoules: number | null;
}

export class EnergyMeter {
  private readonly rapl: boolean;
  private readonly open = new Map<string, { startMs: number; rapl: RaplSnapshot | null }>();
  private nvidiaSmi: ChildProcess | undefined;
  private nvidiaSmiOutput = "";
  readonly windows: PassWindow[] = [];

  constructor(private readonly options: { powercapRoot?: string; sampleGpu: boolean }) {
    this.rapl = raplAvailable(options.powercapRoot);
  }

  get hostMethod(): EnergyMethod {
    return this.rapl ? "measured-rapl" : "estimated";
  }

  start(): void {
    if (!this.options.sampleGpu) return;
    this.nvidiaSmi = spawn("nvidia-smi", nvidiaSmiPowerArgs(), { env: { ...process.env, ...NVIDIA_SMI_ENV }, stdio: ["ignore", "pipe", "ignore"] });
    this.nvidiaSmi.stdout?.on("data", (chunk: Buffer) => {
      this.nvidiaSmiOutput += chunk.toString("utf8");
    });
    this.nvidiaSmi.on("error", () => {
      this.nvidiaSmi = undefined;
    });
  }

  passStarted(pass: PassName, repeat: number): void {
    this.open.set(`${pass}#${repeat}`, { startMs: defaultClock(), rapl: this.snapshot() });
  }

  passEnded(pass: PassName, repeat: number, child: { wallMs: number; cpuMicros: number; inferences: number }): void {
    const opened = this.open.get(`${pass}#${repeat}`);
    if (!opened) return;
    const after = this.snapshot();
    this.windows.push({
      pass,
      repeat,
      startMs: opened.startMs,
      endMs: defaultClock(),
      ...child,
      raplJoules: opened.rapl && after ? raplJoulesBetween(opened.rapl, after).joules : null,
      gpuJoules: null,
    });
  }

  /** Stops GPU sampling (after a short tail, so the last window is covered) and integrates each window. */
  async stop(): Promise<void> {
    if (!this.nvidiaSmi) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
    this.nvidiaSmi.kill("SIGTERM");
    const { samples } = parseNvidiaSmiPowerCsv(this.nvidiaSmiOutput);
    for (const window of this.windows) {
      window.gpuJoules = integrateJoules(samples, window.startMs, window.endMs)?.joules ?? null;
    }
  }

  private snapshot(): RaplSnapshot | null {
    if (!this.rapl) return null;
    try {
      return readRaplSnapshot(this.options.powercapRoot);
    } catch {
      return null;
    }
  }
}
