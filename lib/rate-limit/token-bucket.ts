/**
 * A token bucket per key, kept in this process's memory, as the generic cell rate algorithm (GCRA,
 * https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm): one number per key, the time at which its bucket
 * would be full again ("theoretical arrival time"). A request is let through when the bucket holds at least one
 * token, that is when that time is no further ahead than the burst allows.
 *
 * In memory rather than in PostgreSQL (lib/rate-limit/throttle.ts) because it runs on every API request, cached
 * board reads included, where a database write would cost more than the answer; the price is that each web
 * process counts on its own (docs/security.md says so).
 */

export interface BucketRule {
  /** Requests per minute, sustained. */
  perMinute: number;
  /** Requests a full bucket lets through at once. */
  burst: number;
}

export interface BucketVerdict {
  allowed: boolean;
  /** Whole seconds until one more request would be let through (0 when allowed). */
  retryAfterSeconds: number;
}

/** Keys whose buckets refilled are forgotten once the map holds this many, so spoofed keys cannot fill memory. */
const DEFAULT_MAX_KEYS = 100_000;

export class TokenBuckets {
  private readonly fullAt = new Map<string, number>();

  constructor(
    readonly rule: BucketRule,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** Takes one token from `key`'s bucket when it has one; a refused request takes nothing. */
  take(key: string, nowMs: number = Date.now()): BucketVerdict {
    const verdict = this.peek(key, nowMs);
    if (verdict.allowed) {
      if (!this.fullAt.has(key) && this.fullAt.size >= this.maxKeys) this.forgetRefilled(nowMs);
      this.fullAt.set(key, Math.max(this.fullAt.get(key) ?? nowMs, nowMs) + this.intervalMs());
    }
    return verdict;
  }

  /** Whether `key` has a token, without taking it. */
  peek(key: string, nowMs: number = Date.now()): BucketVerdict {
    const tolerance = this.intervalMs() * Math.max(1, this.rule.burst);
    // Never further ahead than an empty bucket: were the clock set back, a stored time would otherwise lock
    // the key out for as long as the clock jumped.
    const fullAt = Math.min(Math.max(this.fullAt.get(key) ?? nowMs, nowMs), nowMs + tolerance);
    // The bucket holds a token when taking one leaves it at most `burst` tokens' worth of time ahead of now.
    const ahead = fullAt + this.intervalMs() - nowMs;
    if (ahead <= tolerance) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((ahead - tolerance) / 1000)) };
  }

  private intervalMs(): number {
    return 60_000 / this.rule.perMinute;
  }

  private forgetRefilled(nowMs: number): void {
    for (const [key, fullAt] of this.fullAt) if (fullAt <= nowMs) this.fullAt.delete(key);
    // Every key still mid-burst: drop the oldest ones (a Map iterates in insertion order).
    for (const key of this.fullAt.keys()) {
      if (this.fullAt.size < this.maxKeys) break;
      this.fullAt.delete(key);
    }
  }
}
