/**
 * The child's sign of progress for the runner's watchdog (runner/evaluate/watchdog.ts): after its first batch,
 * and then after a batch at most once per interval, it reports how many batches it has answered. Written between
 * batches, outside every timed region (a batch's timing is taken inside the batch runner), and at most once a
 * second, so it costs the measurements nothing they could see.
 */
import type { ChildMessage } from "../child-protocol";

export const HEARTBEAT_INTERVAL_MS = 1_000;

export function withHeartbeat<Args extends unknown[], Result>(
  runBatch: (...args: Args) => Promise<Result>,
  emit: (message: ChildMessage) => void,
  intervalMs = HEARTBEAT_INTERVAL_MS,
): (...args: Args) => Promise<Result> {
  let batches = 0;
  let lastBeat = -Infinity;
  return async (...args: Args) => {
    const result = await runBatch(...args);
    batches += 1;
    const now = performance.now();
    if (batches === 1 || now - lastBeat >= intervalMs) {
      lastBeat = now;
      emit({ type: "heartbeat", batches });
    }
    return result;
  };
}
