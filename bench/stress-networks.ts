// Seeded random networks for the stress benchmark: a scale-free (Barabasi-Albert) liability network for
// Eisenberg-Noe and an exposure network with equity for DebtRank.

/** mulberry32: a small, seeded, reproducible pseudo-random generator in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Barabasi-Albert preferential attachment: each new node links to `m` distinct earlier nodes chosen with
 * probability proportional to their degree; each link's direction is a coin flip. Then links from uniform
 * to degree-proportional nodes until there are exactly `edges`.
 */
export function scaleFree(n: number, m: number, edges: number, rand: () => number): { from: Int32Array; to: Int32Array } {
  const from: number[] = [];
  const to: number[] = [];
  const ends: number[] = []; // every edge end, so a uniform pick is degree-proportional
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j < i; j++) {
      from.push(i);
      to.push(j);
      ends.push(i, j);
    }
  }
  for (let i = m + 1; i < n; i++) {
    const chosen = new Set<number>();
    while (chosen.size < m) chosen.add(ends[Math.floor(rand() * ends.length)]!);
    for (const j of chosen) {
      if (rand() < 0.5) {
        from.push(i);
        to.push(j);
      } else {
        from.push(j);
        to.push(i);
      }
      ends.push(i, j);
    }
  }
  while (from.length < edges) {
    const i = Math.floor(rand() * n);
    const j = ends[Math.floor(rand() * ends.length)]!;
    if (i === j) continue;
    from.push(i);
    to.push(j);
    ends.push(i, j);
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** Heavy-tailed positive amounts (Pareto, shape 1.5, minimum 1). */
export function amounts(count: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: count }, () => 1 / Math.pow(1 - rand(), 1 / 1.5));
}
