import { RateLimiterRes } from "rate-limiter-flexible";
import type { Counter } from "./rate-limit-counters";

// One lease takes 1/100 of the limit, so a process leaves at most 1% of a limit unused per key and window.
const LEASE_FRACTION = 100;

// Once the map holds this many leases, storing another first deletes the expired ones.
const MIN_SWEEP_ENTRIES = 1_000;

/** Points of a shared counter that this process has consumed but not used yet, usable until `expiresAt`. */
export type Lease = {
  remaining: number;
  /** End of the counter's window in Unix milliseconds, or a little earlier. */
  expiresAt: number;
};

/** Returns the points one lease takes from a counter that allows `limit` per window: 1% of it, at least 1. */
export function leaseSize(limit: number): number {
  return Math.max(1, Math.floor(limit / LEASE_FRACTION));
}

/** Returns whether `lease` still has a point that may be used at `now` (Unix milliseconds). */
export function isLeaseUsable(lease: Lease | undefined, now: number): lease is Lease {
  return lease !== undefined && lease.remaining > 0 && now < lease.expiresAt;
}

/**
 * Returns how many of the `requested` points of a rejected consume still fit under `limit`.
 * rate-limiter-flexible 11.4 adds the points of a rejected consume to the stored count as well, in the
 * same atomic upsert, and reports the sum as `consumedPoints`. So the rejected consume still reserved the
 * points between the previous count and the limit, and no other process can be admitted with them.
 */
export function pointsBelowLimit(limit: number, requested: number, consumedPoints: number): number {
  const previous = consumedPoints - requested;
  // A rejection that did not count (an in-memory block reports 0 points) reserved nothing.
  if (previous < 0) return 0;
  return Math.max(0, Math.min(requested, limit - previous));
}

/**
 * Admits requests against a shared counter from points that this process consumes in leases of
 * `leaseSize(limit)` points, so one database call admits up to that many requests for a key.
 *
 * Every point is consumed from the shared counter before a request uses it, so all processes together
 * never admit more than the limit in one window (unless the counter falls back to memory). In exchange,
 * each process can leave up to leaseSize - 1 leased points of a key unused when the window ends, and
 * other processes are rejected while those points sit unused. A key may thus be rejected up to
 * (processes x (leaseSize - 1)) requests, about 1% of the limit per process, before it reaches the limit.
 */
export class PointLeases {
  readonly leaseSize: number;
  private readonly leases = new Map<string, Lease>();
  // The lease request in flight per key. Concurrent requests for the key wait for it instead of each
  // consuming a lease of its own, and those it cannot serve request the next lease together.
  private readonly pending = new Map<string, Promise<RateLimiterRes | null>>();
  private sweepThreshold = MIN_SWEEP_ENTRIES;

  constructor(private readonly counter: Counter) {
    this.leaseSize = leaseSize(counter.points);
  }

  /** Number of keys with a lease in memory, expired or not. */
  get size(): number {
    return this.leases.size;
  }

  /** Admits one request for `key`, or throws the counter's RateLimiterRes when the key reached its limit. */
  async consume(key: string): Promise<void> {
    for (;;) {
      if (this.useLeasedPoint(key)) return;

      const rejection = await (this.pending.get(key) ?? this.requestLease(key));
      if (rejection) throw rejection;
    }
  }

  private useLeasedPoint(key: string): boolean {
    const lease = this.leases.get(key);
    if (!isLeaseUsable(lease, Date.now())) return false;

    lease.remaining -= 1;
    if (lease.remaining === 0) this.leases.delete(key);
    return true;
  }

  // The waiters resume only after `finally` has removed the request, so one of them can start the next.
  private requestLease(key: string): Promise<RateLimiterRes | null> {
    const request = this.consumeLease(key).finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  /** Consumes a lease for `key` and stores the points granted, or returns the rejection when none were. */
  private async consumeLease(key: string): Promise<RateLimiterRes | null> {
    // msBeforeNext counts from the store's reply, so adding it to an earlier time ends the lease no later
    // than the window whose points it holds.
    const startedAt = Date.now();
    let result: RateLimiterRes;
    let granted: number;
    try {
      result = await this.counter.limiter.consume(key, this.leaseSize);
      granted = this.leaseSize;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      result = error;
      granted = pointsBelowLimit(this.counter.points, this.leaseSize, error.consumedPoints);
    }
    if (granted === 0) return result;

    this.store(key, { remaining: granted, expiresAt: startedAt + result.msBeforeNext });
    return null;
  }

  // Deleting the expired leases each time the map doubles keeps it under 1,000 entries or twice the keys
  // leased within one window, whichever is larger.
  private store(key: string, lease: Lease): void {
    this.leases.set(key, lease);
    if (this.leases.size < this.sweepThreshold) return;

    const now = Date.now();
    for (const [leasedKey, entry] of this.leases) {
      if (!isLeaseUsable(entry, now)) this.leases.delete(leasedKey);
    }
    this.sweepThreshold = Math.max(MIN_SWEEP_ENTRIES, 2 * this.leases.size);
  }
}
