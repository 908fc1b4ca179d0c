import { describe, expect, it } from "vitest";
import { StaleWhileRevalidateCache } from "./board-cache";

describe("StaleWhileRevalidateCache", () => {
  it("computes once for concurrent requests, serves fresh values, then stale ones while refreshing", async () => {
    let clock = 0;
    const cache = new StaleWhileRevalidateCache<number>(1000, () => clock);
    let computations = 0;
    let release: (value: number) => void = () => {};
    const compute = () => {
      computations += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = cache.get("board", compute);
    const second = cache.get("board", compute);
    release(1);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(computations).toBe(1);

    clock = 500;
    expect(await cache.get("board", compute)).toBe(1);
    expect(computations).toBe(1);

    clock = 1500; // stale: the old value comes back at once, a refresh starts
    expect(await cache.get("board", compute)).toBe(1);
    expect(computations).toBe(2);
    release(2);
    await Promise.resolve();
    await Promise.resolve();
    expect(await cache.get("board", compute)).toBe(2);
  });

  it("keeps a board that is slow to compute fresh for ten times its computation time", async () => {
    let clock = 0;
    const cache = new StaleWhileRevalidateCache<number>(1000, () => clock);
    let computations = 0;
    const slowCompute = async () => {
      computations += 1;
      clock += 500; // the computation takes 500 ms of the clock
      return computations;
    };
    expect(await cache.get("big", slowCompute)).toBe(1);
    clock += 4000; // 4.5 s after it started: older than the 1 s base, younger than 10 × 500 ms
    expect(await cache.get("big", slowCompute)).toBe(1);
    expect(computations).toBe(1);
    clock += 1000;
    await cache.get("big", slowCompute);
    expect(computations).toBe(2);
  });

  it("keeps keys apart and retries after a failed computation", async () => {
    const cache = new StaleWhileRevalidateCache<string>(1000, () => 0);
    await expect(cache.get("a", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get("a", async () => "recovered")).toBe("recovered");
    expect(await cache.get("b", async () => "other")).toBe("other");
  });
});

describe("StaleWhileRevalidateCache with a version", () => {
  it("keeps a value while its version stays the same, and recomputes when it moves", async () => {
    let clock = 0;
    const cache = new StaleWhileRevalidateCache<number>(1000, () => clock);
    let version = "1";
    let versionReads = 0;
    const readVersion = async () => {
      versionReads += 1;
      return version;
    };
    let computations = 0;
    const compute = async () => ++computations;
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };

    expect(await cache.get("board", compute, readVersion)).toBe(1);
    expect(versionReads).toBe(1);
    for (let second = 1; second <= 30; second++) {
      clock = second * 1000 + 1;
      expect(await cache.get("board", compute, readVersion)).toBe(1);
      await settle();
    }
    // Thirty seconds of requests: the version was read about once a second, the board computed once.
    expect(computations).toBe(1);
    expect(versionReads).toBeGreaterThanOrEqual(30);

    version = "2";
    clock += 1001;
    expect(await cache.get("board", compute, readVersion)).toBe(1); // stale answer, refresh started
    await settle();
    expect(computations).toBe(2);
    expect(await cache.get("board", compute, readVersion)).toBe(2);
  });

  it("recomputes a slow board that keeps changing at most every ten times its computation time", async () => {
    let clock = 0;
    const cache = new StaleWhileRevalidateCache<number>(1000, () => clock);
    let version = 0;
    let computations = 0;
    const slowCompute = async () => {
      computations += 1;
      clock += 500;
      return computations;
    };
    const changing = async () => String(++version);
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    await cache.get("big", slowCompute, changing);
    for (let step = 0; step < 8; step++) {
      clock += 1001; // the version moves at every read
      await cache.get("big", slowCompute, changing);
      await settle();
    }
    // 8 s after a 500 ms computation: within its 5 s, the change waited; after, it was recomputed once.
    expect(computations).toBe(2);
  });
});
