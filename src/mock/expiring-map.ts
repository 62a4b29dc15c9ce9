// A map whose entries expire and whose size is capped: what the mock keeps per request (login flows, codes, login
// cookies, upload slots, issued tokens) must not grow with the number of requests, however long the mock runs.

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** A map whose entries expire (`set` takes a lifetime) and whose size is capped at `maxSize`. */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, Entry<V>>();

  constructor(
    /** At this many entries, the expired ones and then the oldest are dropped to make room. */
    readonly maxSize: number,
    /** Injected so that tests can move time without waiting. */
    readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Stores `value` for `ttlMs` milliseconds (0 or less: already expired, as a lifetime of 0 means). */
  set(key: K, value: V, ttlMs: number): void {
    // Deleting first moves a replaced key to the end, so that eviction order stays insertion order.
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxSize) this.#makeRoom();
    this.#entries.set(key, { value, expiresAt: this.clock() + ttlMs });
  }

  /**
   * Full: the expired entries go, and if that is not enough, the oldest tenth. In batches, because finding the oldest
   * entry of a Map whose front was just deleted means stepping over the deleted slots: one at a time, under a steady
   * stream of requests, that would cost each insertion a scan of thousands.
   */
  #makeRoom(): void {
    this.sweep();
    let excess = this.#entries.size - this.maxSize + Math.max(1, Math.ceil(this.maxSize / 10));
    if (this.#entries.size < this.maxSize) return;
    for (const key of this.#entries.keys()) {
      if (excess-- <= 0) break;
      this.#entries.delete(key);
    }
  }

  /** The live value; an expired entry is removed on the way, without waiting for the next sweep. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.clock() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** The live values, oldest first. */
  *values(): IterableIterator<V> {
    const now = this.clock();
    for (const entry of this.#entries.values()) if (now < entry.expiresAt) yield entry.value;
  }

  /** Drops every expired entry; returns how many went. */
  sweep(): number {
    const now = this.clock();
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (now >= entry.expiresAt) {
        this.#entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}
