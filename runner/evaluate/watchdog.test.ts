/**
 * The watchdog's stages and bounds, on a fake clock (vitest's fake timers): which bound applies when, which
 * messages count as progress, and that the stall names the stage. The real child and a never-ending Loop are in
 * stalled-models.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProgressWatchdog, stallMessage, type Stall } from "./watchdog";

const BOUNDS = { modelLoadTimeoutMs: 5_000, firstBatchTimeoutMs: 2_000, stallTimeoutMs: 3_000 };

describe("ProgressWatchdog", () => {
  let stalls: Stall[];
  let watchdog: ProgressWatchdog;
  beforeEach(() => {
    vi.useFakeTimers();
    stalls = [];
    watchdog = new ProgressWatchdog(BOUNDS, (stall) => stalls.push(stall));
    watchdog.start();
  });
  afterEach(() => {
    watchdog.stop();
    vi.useRealTimers();
  });

  it("stops a model that does not load within the load bound", () => {
    vi.advanceTimersByTime(4_999);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(stalls).toEqual([{ stage: "loading the model", boundMs: 5_000 }]);
  });

  it("stops a model whose first batch does not finish; messages other than a batch's do not count", () => {
    vi.advanceTimersByTime(4_000);
    watchdog.observe({ type: "ready" });
    watchdog.observe({ type: "pass-start", pass: "accuracy", block: 0 });
    vi.advanceTimersByTime(1_500);
    watchdog.observe({ type: "host" });
    vi.advanceTimersByTime(500);
    expect(stalls).toEqual([{ stage: "the first batch of the accuracy pass", boundMs: 2_000 }]);
    expect(stallMessage(stalls[0]!)).toMatch(
      /^The model made no progress for 2 s in the first batch of the accuracy pass and was stopped/,
    );
  });

  it("after the first batch, allows the stall bound between messages and names the pass that stalled", () => {
    watchdog.observe({ type: "ready" });
    vi.advanceTimersByTime(1_900);
    watchdog.observe({ type: "heartbeat" });
    for (let step = 0; step < 10; step++) {
      vi.advanceTimersByTime(2_900);
      watchdog.observe({ type: "heartbeat" });
    }
    watchdog.observe({ type: "pass-start", pass: "latency", block: 3 });
    vi.advanceTimersByTime(2_999);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(stalls).toEqual([{ stage: "the latency pass (block 3)", boundMs: 3_000 }]);
  });

  it("names the warm-up after the accuracy pass, and the step after a pass", () => {
    watchdog.observe({ type: "ready" });
    watchdog.observe({ type: "heartbeat" });
    watchdog.observe({ type: "predictions" });
    vi.advanceTimersByTime(3_000);
    expect(stalls).toEqual([{ stage: "the warm-up queries before the timed passes", boundMs: 3_000 }]);
    const after = new ProgressWatchdog(BOUNDS, (stall) => stalls.push(stall));
    after.start();
    for (const message of [
      { type: "ready" },
      { type: "heartbeat" },
      { type: "pass-end", pass: "throughput", block: 2 },
    ])
      after.observe(message);
    vi.advanceTimersByTime(3_000);
    expect(stalls[1]).toEqual({ stage: "the step after the offline throughput pass (block 2)", boundMs: 3_000 });
  });

  it("reports once, and never after stop()", () => {
    vi.advanceTimersByTime(60_000);
    expect(stalls).toHaveLength(1);
    const quiet = new ProgressWatchdog(BOUNDS, (stall) => stalls.push(stall));
    quiet.start();
    quiet.stop();
    vi.advanceTimersByTime(60_000);
    expect(stalls).toHaveLength(1);
  });
});
