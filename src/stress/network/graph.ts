// Compressed adjacency lists over typed arrays, shared by the network models: node i's entries are
// [offsets[i], offsets[i + 1]) in `others` and `weights`.

export interface Adjacency {
  offsets: Int32Array;
  others: Int32Array;
  weights: Float64Array;
}

/** Groups edges by `groupBy[k]`, keeping `other[k]` and `weight[k]` (counting sort, O(n + edges)). */
export function adjacency(n: number, groupBy: Int32Array, other: Int32Array, weight: Float64Array): Adjacency {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < groupBy.length; k++) offsets[groupBy[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const others = new Int32Array(groupBy.length);
  const weights = new Float64Array(groupBy.length);
  for (let k = 0; k < groupBy.length; k++) {
    const slot = cursor[groupBy[k]!]!++;
    others[slot] = other[k]!;
    weights[slot] = weight[k]!;
  }
  return { offsets, others, weights };
}

/** Edges with the same (from, to) pair merged into one, amounts added. */
export function mergeParallelEdges(n: number, from: Int32Array, to: Int32Array, amount: Float64Array) {
  const index = new Map<number, number>();
  const f: number[] = [];
  const t: number[] = [];
  const a: number[] = [];
  for (let k = 0; k < from.length; k++) {
    const key = from[k]! * n + to[k]!;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, f.length);
      f.push(from[k]!);
      t.push(to[k]!);
      a.push(amount[k]!);
    } else {
      a[at]! += amount[k]!;
    }
  }
  return { from: Int32Array.from(f), to: Int32Array.from(t), amount: Float64Array.from(a) };
}

/** Ids in input order with their index; the schema has already refused duplicates. */
export function indexOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}
