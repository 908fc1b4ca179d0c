/**
 * How busy the host's other cores were during a window, from /proc/stat (proc(5): per-CPU "cpuN user nice system
 * idle iowait irq softirq steal guest guest_nice", in USER_HZ ticks since boot). Busy = everything but idle and
 * iowait; guest time is already inside user and nice, so it is not added again. A neighbour on the other cores
 * shares the package's power budget, caches and memory bandwidth with the measured core: a figure taken while they
 * were busy is marked disturbed (docs/methodology.md, "Interference").
 */
import { readFileSync } from "node:fs";

export interface CpuTicks {
  busy: number;
  total: number;
}

/** Per-CPU ticks, by CPU number. */
export function parseProcStat(text: string): Map<number, CpuTicks> {
  const cpus = new Map<number, CpuTicks>();
  for (const line of text.split("\n")) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const fields = match[2]!.trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const busy = user + nice + system + irq + softirq + steal;
    cpus.set(Number(match[1]), { busy, total: busy + idle + iowait });
  }
  return cpus;
}

export function readProcStat(file = "/proc/stat"): Map<number, CpuTicks> | null {
  try {
    return parseProcStat(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Mean busy share (0..1) of the CPUs not in `excluded` between two readings; null when there are no other CPUs or
 * no ticks passed (a window shorter than one tick, 10 ms at the usual USER_HZ of 100).
 */
export function otherCoresBusy(
  before: Map<number, CpuTicks>,
  after: Map<number, CpuTicks>,
  excluded: readonly number[],
): number | null {
  const skip = new Set(excluded);
  let busy = 0;
  let total = 0;
  for (const [cpu, end] of after) {
    const start = before.get(cpu);
    if (!start || skip.has(cpu)) continue;
    busy += Math.max(0, end.busy - start.busy);
    total += Math.max(0, end.total - start.total);
  }
  return total > 0 ? busy / total : null;
}
