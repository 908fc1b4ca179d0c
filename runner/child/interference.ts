/**
 * The child's own view of how undisturbed a pass was (see PassInterference in ../child-protocol.ts). Read inside
 * the sandbox, which mounts a fresh /proc for the child's pid namespace, so /proc/self is the child.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { PassInterference } from "../child-protocol";

export interface InterferenceSnapshot {
  cpuMicros: number;
  runQueueDelayNs: number | null;
  involuntaryContextSwitches: number;
}

/**
 * Run-queue delay of every thread of this process: /proc/<pid>/task/<tid>/schedstat holds "time on CPU (ns),
 * time waiting on a run queue (ns), timeslices" (Documentation/scheduler/sched-stats.rst). onnxruntime's intra-op
 * threads are threads of this process, so they are summed too. Null when the kernel was built without schedstats.
 */
export function readRunQueueDelayNs(procSelf = "/proc/self"): number | null {
  try {
    let total = 0;
    for (const tid of readdirSync(`${procSelf}/task`)) {
      let text: string;
      try {
        text = readFileSync(`${procSelf}/task/${tid}/schedstat`, "utf8");
      } catch {
        continue; // the thread ended between the listing and the read
      }
      const waiting = Number(text.trim().split(/\s+/)[1]);
      if (!Number.isFinite(waiting)) return null;
      total += waiting;
    }
    return total;
  } catch {
    return null;
  }
}

export function interferenceSnapshot(): InterferenceSnapshot {
  const usage = process.resourceUsage();
  return {
    cpuMicros: usage.userCPUTime + usage.systemCPUTime,
    runQueueDelayNs: readRunQueueDelayNs(),
    involuntaryContextSwitches: usage.involuntaryContextSwitches,
  };
}

export function interferenceSince(before: InterferenceSnapshot): PassInterference {
  const after = interferenceSnapshot();
  return {
    cpuMicros: after.cpuMicros - before.cpuMicros,
    runQueueDelayNs:
      after.runQueueDelayNs === null || before.runQueueDelayNs === null
        ? null
        : Math.max(0, after.runQueueDelayNs - before.runQueueDelayNs),
    involuntaryContextSwitches: after.involuntaryContextSwitches - before.involuntaryContextSwitches,
  };
}
