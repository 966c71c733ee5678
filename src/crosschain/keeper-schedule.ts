/**
 * When each kept item (a wallet, a vetted code hash) was last carried to the mirror, in home seconds, and
 * which are due again: the mirror trusts an update for `maxStaleness` only, so whatever must stay live on the
 * other chain is re-sent before that.
 */
export class ResyncSchedule<K> {
  readonly #syncedAt = new Map<K, bigint>();

  /** Starts keeping `key` (due at once unless already kept). */
  keep(key: K): void {
    if (!this.#syncedAt.has(key)) this.#syncedAt.set(key, 0n);
  }

  /** Stops keeping `key`. */
  forget(key: K): void {
    this.#syncedAt.delete(key);
  }

  has(key: K): boolean {
    return this.#syncedAt.has(key);
  }

  /** Records that `key` was carried at home time `at` (only for a kept key). */
  carried(key: K, at: bigint): void {
    if (this.#syncedAt.has(key)) this.#syncedAt.set(key, at);
  }

  /** The kept keys whose last sync is at least `after` seconds before `now`, the longest-waiting first, at most `limit`. */
  due(now: bigint, after: bigint, limit = Number.POSITIVE_INFINITY): K[] {
    return [...this.#syncedAt.entries()]
      .filter(([, at]) => at === 0n || now - at >= after)
      .sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([key]) => key);
  }

  keys(): K[] {
    return [...this.#syncedAt.keys()];
  }
}
