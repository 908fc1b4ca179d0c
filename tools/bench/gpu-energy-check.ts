/**
 * The GPU profile's energy path on a real NVIDIA host: the runner's EnergyMeter starts nvidia-smi, marks pass
 * windows and integrates board power over each, exactly as during an evaluation. Also reads the host's
 * capabilities the way the runner does (GPUs from nvidia-smi) and says whether the gpu profile can be honored.
 *
 * Run on a GPU machine: `npx tsx tools/bench/gpu-energy-check.ts [out.json]` (or bundled with esbuild where the
 * machine has node but not this repository's node_modules). A second window runs a GPU load when Python with
 * PyTorch is present, so idle and loaded power can be told apart.
 */
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import {
  nvidiaSmiGpuIdArgs,
  nvidiaSmiGpuListArgs,
  parseNvidiaSmiGpuIds,
  parseNvidiaSmiGpuList,
} from "../../runner/measure/nvml";
import { checkHostHonorsProfile, getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { EnergyMeter } from "../../runner/evaluate/energy-meter";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const gpus = parseNvidiaSmiGpuList(execFileSync("nvidia-smi", nvidiaSmiGpuListArgs(), { encoding: "utf8" }));
  // This repository installs onnxruntime-node without its CUDA download, so "cpu" is all it offers.
  const honored = checkHostHonorsProfile(getHardwareProfile("gpu"), {
    cores: 16,
    cpuModel: "unknown",
    rapl: { ok: false, reason: "not read here" },
    memoryBytes: 128 * 2 ** 30,
    gpus,
    executionProviders: ["cpu"],
  });
  // The meter samples one GPU, named by UUID (nvidia-smi --id), as an evaluation does.
  const ids = parseNvidiaSmiGpuIds(execFileSync("nvidia-smi", nvidiaSmiGpuIdArgs(), { encoding: "utf8" }));
  const meter = new EnergyMeter({ hostMethod: "estimated", gpuUuid: ids[0]?.uuid ?? null, cores: [0] });
  meter.start();
  await sleep(500); // nvidia-smi's first sample must precede the first window
  meter.passStarted("latency", 1);
  await sleep(2_000);
  meter.passEnded("latency", 1, {
    wallMs: 2_000,
    cpuMicros: 0,
    inferences: 1,
    runQueueDelayNs: null,
    involuntaryContextSwitches: 0,
  });

  // The load prints "ready" once CUDA is initialised and warm, so the window covers steady work, not start-up.
  const load = spawn(
    "python3",
    [
      "-c",
      "import torch,time\nx=torch.randn(8192,8192,device='cuda')\ny=x@x\ntorch.cuda.synchronize()\nprint('ready',flush=True)\nt=time.time()\nwhile time.time()-t<4:\n  y=x@x\ntorch.cuda.synchronize()",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const loadExit = new Promise<number | null>((resolve) => load.on("exit", resolve).on("error", () => resolve(-1)));
  const ready = new Promise<boolean>((resolve) => {
    load.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(true));
    void loadExit.then(() => resolve(false));
  });
  const loaded = await ready;
  await sleep(300);
  meter.passStarted("throughput", 1);
  await sleep(2_500);
  meter.passEnded("throughput", 1, {
    wallMs: 2_500,
    cpuMicros: 0,
    inferences: 1,
    runQueueDelayNs: null,
    involuntaryContextSwitches: 0,
  });
  const loadCode = await loadExit;
  await meter.stop();

  const windows = meter.windows.map((window) => ({
    pass: window.pass,
    seconds: (window.endMs - window.startMs) / 1000,
    gpuJoules: window.gpuJoules,
    averageWatts: window.gpuJoules === null ? null : window.gpuJoules / ((window.endMs - window.startMs) / 1000),
  }));
  const result = { gpus, gpuIds: ids, gpuProfile: honored, torchLoadRan: loaded, torchLoadExitCode: loadCode, windows };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  if (process.argv[2]) writeFileSync(process.argv[2], json);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
