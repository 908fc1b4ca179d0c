/**
 * Whether a result can be ranked as it is: its headline intervals narrow enough (noisy) and its timed passes
 * undisturbed by the rest of the host (disturbed). Both come back as reasons a reader can check against the
 * recorded figures; the worker re-measures such a result a bounded number of times (runner/worker/rerun-noisy.ts).
 * Pure.
 */
import { isIntervalNoisy } from "../../lib/statistics/sample-statistics";
import type { PassWindow } from "./energy-meter";
import type { InterferenceReport, InterferenceSummary } from "./evaluation-report";
import type { MeasurementProtocol } from "./measurement-protocol";

/** Per timed pass kind: CPU over wall, run-queue share, involuntary switches per second, other cores' busy share. */
export function summarizeInterference(windows: readonly PassWindow[], threads: number): InterferenceReport {
  const passes = windows
    .filter((window) => window.pass === "latency" || window.pass === "throughput")
    .map((window) => ({
      pass: window.pass,
      block: window.block,
      cpuPerWall: window.wallMs > 0 ? window.cpuMicros / 1000 / window.wallMs : 0,
      runQueueShare:
        window.runQueueDelayNs === null || window.wallMs <= 0
          ? null
          : window.runQueueDelayNs / 1e6 / (window.wallMs * threads),
      involuntaryContextSwitches: window.involuntaryContextSwitches,
      otherCoresBusy: window.otherCoresBusy,
    }));
  const summary = (pass: "latency" | "throughput"): InterferenceSummary | null => {
    const mine = windows.filter((window) => window.pass === pass);
    const wallMs = mine.reduce((sum, window) => sum + window.wallMs, 0);
    if (mine.length === 0 || wallMs <= 0) return null;
    const delays = mine.map((window) => window.runQueueDelayNs);
    const busy = mine.filter((window) => window.otherCoresBusy !== null);
    const busyWall = busy.reduce((sum, window) => sum + window.wallMs, 0);
    return {
      cpuPerWall: mine.reduce((sum, window) => sum + window.cpuMicros / 1000, 0) / wallMs,
      runQueueShare: delays.some((delay) => delay === null)
        ? null
        : delays.reduce((sum: number, delay) => sum + delay!, 0) / 1e6 / (wallMs * threads),
      involuntaryPerSecond: mine.reduce((sum, window) => sum + window.involuntaryContextSwitches, 0) / (wallMs / 1000),
      otherCoresBusy:
        busyWall > 0 ? busy.reduce((sum, window) => sum + window.otherCoresBusy! * window.wallMs, 0) / busyWall : null,
    };
  };
  return { latency: summary("latency"), throughput: summary("throughput"), passes };
}

export interface NoiseInputs {
  latencyP50Width: number;
  latencyP90Width: number;
  throughputWidth: number;
  energyWidth: number | null;
  /** The net energy's median was not above zero (compose-energy.ts). */
  energyNotAboveIdle?: boolean;
  interference: InterferenceReport;
  protocol: Pick<
    MeasurementProtocol,
    | "noisyLatencyP50Width"
    | "noisyLatencyP90Width"
    | "noisyThroughputWidth"
    | "noisyEnergyWidth"
    | "disturbedRunQueueShare"
    | "disturbedOtherCoresBusy"
  >;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Reasons the result is noisy or disturbed; empty when it can be ranked as measured. */
export function noiseReasons(inputs: NoiseInputs): string[] {
  const reasons: string[] = [];
  const { protocol } = inputs;
  const wide = (name: string, width: number | null, limit: number) => {
    if (width !== null && isIntervalNoisy({ relativeWidth: width }, limit)) {
      reasons.push(`${name} interval is ${percent(width)} of its value wide (limit ${percent(limit)})`);
    }
  };
  wide("latency p50", inputs.latencyP50Width, protocol.noisyLatencyP50Width);
  wide("latency p90", inputs.latencyP90Width, protocol.noisyLatencyP90Width);
  wide("throughput", inputs.throughputWidth, protocol.noisyThroughputWidth);
  wide("energy", inputs.energyWidth, protocol.noisyEnergyWidth);
  if (inputs.energyNotAboveIdle)
    reasons.push("energy: the model's net energy was not above the idle power measured beside it, so it is missing");
  for (const pass of ["latency", "throughput"] as const) {
    const summary = inputs.interference[pass];
    if (!summary) continue;
    if (summary.runQueueShare !== null && summary.runQueueShare > inputs.protocol.disturbedRunQueueShare) {
      reasons.push(
        `disturbed: the ${pass} passes waited for a CPU ${percent(summary.runQueueShare)} of their time (limit ${percent(inputs.protocol.disturbedRunQueueShare)})`,
      );
    }
    if (summary.otherCoresBusy !== null && summary.otherCoresBusy > inputs.protocol.disturbedOtherCoresBusy) {
      reasons.push(
        `disturbed: the host's other cores were ${percent(summary.otherCoresBusy)} busy during the ${pass} passes (limit ${percent(inputs.protocol.disturbedOtherCoresBusy)})`,
      );
    }
  }
  return reasons;
}
