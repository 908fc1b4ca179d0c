/**
 * Boards are read far more often than they change (a result arrives every few minutes; a popular board is loaded
 * many times a second), so each web process keeps a computed board for a few seconds and serves it while a fresh
 * one is computed in the background (stale-while-revalidate, RFC 5861's idea applied in process). Only the first
 * request for a board waits for the query; concurrent requests for one key share one computation.
 * Keys always include who may see what (the viewer's class, the split): the cache never widens access.
 *
 * With a `version` (a cheap read of what the value was computed from, e.g. a track's board version), a stale
 * value whose version has not moved is kept instead of recomputed: a board is recomputed when it changed, not
 * on a timer, and the freshness window only says how often the version is read.
 */
export const BOARD_CACHE_TTL_MS = 2_000;
/**
 * A board that takes long to compute is recomputed less often: at most a tenth of the process's time goes to
 * recomputing it however large it grows and however often it changes (a 100,000-submission board that takes 2 s
 * is recomputed at most every 20 s; its version is still read every TTL).
 */
const COMPUTE_TIME_FACTOR = 10;
/** Entries unused this long are dropped, so boards nobody looks at do not hold memory. */
const EVICT_AFTER_MS = 5 * 60_000;

interface Slot<T> {
  value?: T;
  /** What the value was computed from, when the caller can say. */
  version?: string;
  computedAt: number;
  /** When the value was last computed or its version found unchanged. */
  checkedAt: number;
  lastUsedAt: number;
  pending?: Promise<T>;
}

export class StaleWhileRevalidateCache<T> {
  private readonly slots = new Map<string, Slot<T> & { ttlMs?: number }>();

  constructor(
    private readonly ttlMs = BOARD_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, compute: () => Promise<T>, version?: () => Promise<string>): Promise<T> {
    const now = this.now();
    this.evict(now);
    const slot: Slot<T> & { ttlMs?: number } = this.slots.get(key) ?? { computedAt: 0, checkedAt: 0, lastUsedAt: now };
    slot.lastUsedAt = now;
    this.slots.set(key, slot);
    // A version is cheap to read: it is read every TTL. Without one, a slow value's longer TTL is all we have.
    const interval = version ? this.ttlMs : (slot.ttlMs ?? this.ttlMs);
    const fresh = slot.value !== undefined && now - slot.checkedAt < interval;
    if (fresh) return slot.value!;
    if (!slot.pending) {
      slot.pending = this.refresh(slot, compute, version).then(
        (value) => {
          slot.pending = undefined;
          return value;
        },
        (error: unknown) => {
          slot.pending = undefined;
          throw error;
        },
      );
    }
    // Stale: answer with what we have; the refresh above runs on. A failed refresh is retried next time.
    if (slot.value !== undefined) {
      slot.pending.catch(() => {});
      return slot.value;
    }
    return slot.pending;
  }

  private async refresh(
    slot: Slot<T> & { ttlMs?: number },
    compute: () => Promise<T>,
    version?: () => Promise<string>,
  ): Promise<T> {
    // Read before computing: a change made while the value is computed moves the version again, and is picked up next time.
    const current = version ? await version() : undefined;
    const unchanged = current !== undefined && slot.value !== undefined && current === slot.version;
    // Changed, but recomputed too recently for its size: kept a little longer (its version is not recorded, so
    // the change is still seen at the next check).
    const throttled =
      current !== undefined && slot.value !== undefined && this.now() - slot.computedAt < (slot.ttlMs ?? 0);
    if (unchanged || throttled) {
      slot.checkedAt = this.now();
      return slot.value!;
    }
    const started = this.now();
    const value = await compute();
    slot.value = value;
    slot.version = current;
    slot.computedAt = slot.checkedAt = this.now();
    slot.ttlMs = Math.max(this.ttlMs, COMPUTE_TIME_FACTOR * (slot.computedAt - started));
    return value;
  }

  clear(): void {
    this.slots.clear();
  }

  private evict(now: number): void {
    for (const [key, slot] of this.slots)
      if (!slot.pending && now - slot.lastUsedAt > EVICT_AFTER_MS) this.slots.delete(key);
  }
}
