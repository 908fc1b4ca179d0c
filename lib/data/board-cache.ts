/**
 * Boards are read far more often than they change (a result arrives every few minutes; a popular board is loaded
 * many times a second), so each web process keeps a computed board for a few seconds and serves it while a fresh
 * one is computed in the background (stale-while-revalidate, RFC 5861's idea applied in process). Only the first
 * request for a board waits for the query; concurrent requests for one key share one computation.
 * Keys always include who may see what (the viewer's class, the split): the cache never widens access.
 */
export const BOARD_CACHE_TTL_MS = 5_000;
/**
 * A board that takes long to compute stays fresh longer: at most a tenth of the process's time goes to
 * recomputing it however large it grows (a 100,000-submission board that takes 2 s is refreshed every 20 s).
 */
const COMPUTE_TIME_FACTOR = 10;
/** Entries unused this long are dropped, so boards nobody looks at do not hold memory. */
const EVICT_AFTER_MS = 5 * 60_000;

interface Slot<T> {
  value?: T;
  computedAt: number;
  lastUsedAt: number;
  pending?: Promise<T>;
}

export class StaleWhileRevalidateCache<T> {
  private readonly slots = new Map<string, Slot<T> & { ttlMs?: number }>();

  constructor(
    private readonly ttlMs = BOARD_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.now();
    this.evict(now);
    const slot: Slot<T> & { ttlMs?: number } = this.slots.get(key) ?? { computedAt: 0, lastUsedAt: now };
    slot.lastUsedAt = now;
    this.slots.set(key, slot);
    const fresh = slot.value !== undefined && now - slot.computedAt < (slot.ttlMs ?? this.ttlMs);
    if (fresh) return slot.value!;
    if (!slot.pending) {
      const started = this.now();
      slot.pending = compute().then(
        (value) => {
          slot.value = value;
          slot.computedAt = this.now();
          slot.ttlMs = Math.max(this.ttlMs, COMPUTE_TIME_FACTOR * (slot.computedAt - started));
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

  clear(): void {
    this.slots.clear();
  }

  private evict(now: number): void {
    for (const [key, slot] of this.slots) if (!slot.pending && now - slot.lastUsedAt > EVICT_AFTER_MS) this.slots.delete(key);
  }
}
