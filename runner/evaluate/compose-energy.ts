/**
 * Energy per inference from the meter's windows, per block: gross (what the meter read over the pass) and net
 * (gross minus the idle power measured in the same block's idle slice, times the pass's duration: what running the
 * model added). Host and GPU parts are kept apart, each with its method; the figure's kind is "measured" only when
 * every part was measured. Every method's figures are multiplied by the profile's PUE alike. The headline is the
 * offline pass's net energy per inference: its median over blocks and the blocks' 95% interval. Pure.
 */
import { estimateEnergy, JOULES_PER_WH, type EnergyModelConstants } from "../../lib/profiles/energy-estimate";
import { blockInterval, type BlockInterval } from "../../lib/statistics/sample-statistics";
import type { EnergyReport, EnergyPass } from "./evaluation-report";
import type { GpuEnergyMethod, HostEnergyMethod, PassWindow } from "./energy-meter";

export interface EnergyInputs {
  windows: readonly PassWindow[];
  hostMethod: HostEnergyMethod;
  gpuMethod: GpuEnergyMethod | null;
  peakRssBytes: number | null;
  constants: EnergyModelConstants;
}

/** Joules of one window from each source, IT side (no PUE), and the seconds they were counted over. */
function windowParts(window: PassWindow, inputs: EnergyInputs) {
  const host =
    inputs.hostMethod === "measured-rapl"
      ? window.raplJoules
      : inputs.peakRssBytes === null
        ? null
        : estimateEnergy({
            cpuSeconds: window.cpuMicros / 1e6,
            wallSeconds: window.wallMs / 1000,
            peakRssBytes: inputs.peakRssBytes,
            profileConstants: inputs.constants,
          }).joules;
  // A counter read by the runner covers the runner's window; the estimate covers the child's own wall time.
  const hostSeconds =
    inputs.hostMethod === "measured-rapl" ? (window.endMs - window.startMs) / 1000 : window.wallMs / 1000;
  const gpu = inputs.gpuMethod ? window.gpuJoules : null;
  return { host, hostSeconds, gpu, gpuSeconds: (window.endMs - window.startMs) / 1000 };
}

const netOf = (gross: number | null, idleWatts: number | null, seconds: number) =>
  gross === null || idleWatts === null ? null : gross - idleWatts * seconds;
const wattsOf = (joules: number | null, seconds: number) => (joules === null || seconds <= 0 ? null : joules / seconds);
const sumOrNull = (a: number | null, b: number | null, withB: boolean) =>
  a === null || (withB && b === null) ? null : a + (withB ? b! : 0);

export function composeEnergy(inputs: EnergyInputs): EnergyReport {
  const pue = inputs.constants.pue;
  const withGpu = inputs.gpuMethod !== null;
  const idleByBlock = new Map<number, { hostWatts: number | null; gpuWatts: number | null }>();
  for (const window of inputs.windows.filter((candidate) => candidate.pass === "idle")) {
    const parts = windowParts(window, inputs);
    idleByBlock.set(window.block, {
      hostWatts: wattsOf(parts.host, parts.hostSeconds),
      gpuWatts: wattsOf(parts.gpu, parts.gpuSeconds),
    });
  }
  const passes: EnergyPass[] = inputs.windows
    .filter((window) => window.pass !== "accuracy")
    .map((window) => {
      const parts = windowParts(window, inputs);
      const idle = idleByBlock.get(window.block) ?? { hostWatts: null, gpuWatts: null };
      const hostNet = window.pass === "idle" ? null : netOf(parts.host, idle.hostWatts, parts.hostSeconds);
      const gpuNet = window.pass === "idle" ? null : netOf(parts.gpu, idle.gpuWatts, parts.gpuSeconds);
      const scale = (value: number | null) => (value === null ? null : value * pue);
      return {
        pass: window.pass,
        block: window.block,
        inferences: window.inferences,
        wallMs: window.wallMs,
        cpuMs: window.cpuMicros / 1000,
        hostGrossJoules: scale(parts.host),
        hostNetJoules: scale(hostNet),
        gpuGrossJoules: scale(parts.gpu),
        gpuNetJoules: scale(gpuNet),
        grossJoules: scale(sumOrNull(parts.host, parts.gpu, withGpu)),
        netJoules: scale(sumOrNull(hostNet, gpuNet, withGpu)),
      };
    });

  /** Per-inference values of one pass over the blocks, or null when any block's figure is missing. */
  const perInference = (pass: string, pick: (row: EnergyPass) => number | null): BlockInterval | null => {
    const rows = passes.filter((row) => row.pass === pass && row.inferences > 0);
    const values = rows.map((row) => {
      const joules = pick(row);
      return joules === null ? null : joules / row.inferences;
    });
    // One missing block makes the figure missing: a median of the survivors would hide a broken counter.
    if (values.length === 0 || values.some((value) => value === null)) return null;
    return blockInterval(values as number[]);
  };
  const measuredNet = perInference("throughput", (row) => row.netJoules);
  // A net median at or below zero means the model's own energy was below what the method resolves next to idle
  // power: that is no measurement of the model, so the headline is missing (and says why), never clamped.
  const netNotAboveIdle = measuredNet !== null && measuredNet.median <= 0;
  const net = netNotAboveIdle ? null : measuredNet;
  const gross = perInference("throughput", (row) => row.grossJoules);
  const idleMedian = (pick: (idle: { hostWatts: number | null; gpuWatts: number | null }) => number | null) => {
    const values = [...idleByBlock.values()].map(pick);
    if (values.length === 0 || values.some((value) => value === null)) return null;
    return blockInterval(values as number[]).median * pue;
  };
  const hostLabel = inputs.hostMethod;
  return {
    kind: inputs.hostMethod === "estimated" ? "estimated" : "measured",
    method: withGpu ? `${inputs.gpuMethod}+${hostLabel}` : hostLabel,
    pue,
    joulesPerInference: net?.median ?? null,
    ciJoulesPerInference: net ? [net.low, net.high] : null,
    relativeWidth: net?.relativeWidth ?? null,
    netNotAboveIdle,
    whPerThousand: net ? (net.median * 1000) / JOULES_PER_WH : null,
    grossJoulesPerInference: gross?.median ?? null,
    ciGrossJoulesPerInference: gross ? [gross.low, gross.high] : null,
    singleStreamJoulesPerQuery: perInference("latency", (row) => row.netJoules)?.median ?? null,
    singleStreamGrossJoulesPerQuery: perInference("latency", (row) => row.grossJoules)?.median ?? null,
    idleWatts: {
      host: idleMedian((idle) => idle.hostWatts),
      gpu: withGpu ? idleMedian((idle) => idle.gpuWatts) : null,
    },
    parts: {
      host: {
        method: inputs.hostMethod,
        grossJoulesPerInference: perInference("throughput", (row) => row.hostGrossJoules)?.median ?? null,
        netJoulesPerInference: perInference("throughput", (row) => row.hostNetJoules)?.median ?? null,
      },
      gpu: inputs.gpuMethod
        ? {
            method: inputs.gpuMethod,
            grossJoulesPerInference: perInference("throughput", (row) => row.gpuGrossJoules)?.median ?? null,
            netJoulesPerInference: perInference("throughput", (row) => row.gpuNetJoules)?.median ?? null,
          }
        : null,
    },
    passes,
  };
}
