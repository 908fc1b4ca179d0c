import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./token-bucket";

describe("TokenBuckets", () => {
  it("lets a full bucket's burst through at once, then one request per interval", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 5 });
    const start = 1_000_000;
    for (let index = 0; index < 5; index += 1) expect(buckets.take("a", start).allowed).toBe(true);
    expect(buckets.take("a", start)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // 60 a minute: one token back each second.
    expect(buckets.take("a", start + 999).allowed).toBe(false);
    expect(buckets.take("a", start + 1000).allowed).toBe(true);
    expect(buckets.take("a", start + 1000).allowed).toBe(false);
  });

  it("keeps each key to its own bucket, and says how long to wait", () => {
    const buckets = new TokenBuckets({ perMinute: 6, burst: 2 });
    expect(buckets.take("a", 0).allowed).toBe(true);
    expect(buckets.take("a", 0).allowed).toBe(true);
    expect(buckets.take("a", 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(buckets.take("b", 0).allowed).toBe(true);
    // A refused request takes nothing: the wait does not grow by asking.
    expect(buckets.take("a", 4000)).toEqual({ allowed: false, retryAfterSeconds: 6 });
  });

  it("refills to the burst and no further after a pause", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3 });
    for (let index = 0; index < 3; index += 1) buckets.take("a", 0);
    const later = 3_600_000;
    const verdicts = Array.from({ length: 4 }, () => buckets.take("a", later).allowed);
    expect(verdicts).toEqual([true, true, true, false]);
  });

  it("peeks without taking", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 });
    expect(buckets.peek("a", 0).allowed).toBe(true);
    expect(buckets.take("a", 0).allowed).toBe(true);
    expect(buckets.peek("a", 0).allowed).toBe(false);
  });

  it("forgets refilled keys when full, so made-up keys cannot grow memory without bound", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, 3);
    for (const key of ["a", "b", "c"]) buckets.take(key, 0);
    // At 10 s every bucket has refilled; a fourth key clears them out instead of growing the map.
    expect(buckets.take("d", 10_000).allowed).toBe(true);
    expect(buckets.take("a", 10_000).allowed).toBe(true);
  });

  it("does not lock a key out when the clock is set back", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 });
    buckets.take("a", 1_000_000);
    buckets.take("a", 1_000_000);
    // A day earlier: the key waits at most what an empty bucket waits, one interval, not a day.
    expect(buckets.take("a", 1_000_000 - 86_400_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
