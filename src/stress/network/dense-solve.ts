// Solves a small dense linear system A x = b by Gaussian elimination with partial pivoting.

/** x with A x = b for the n x n row-major `a` (overwritten), or undefined when A is singular. */
export function solveDense(n: number, a: Float64Array, b: Float64Array): Float64Array | undefined {
  const x = b.slice();
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = row;
    if (Math.abs(a[pivot * n + col]!) < 1e-13) return undefined;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k]!;
        a[col * n + k] = a[pivot * n + k]!;
        a[pivot * n + k] = t;
      }
      const t = x[col]!;
      x[col] = x[pivot]!;
      x[pivot] = t;
    }
    const p = a[col * n + col]!;
    for (let row = col + 1; row < n; row++) {
      const f = a[row * n + col]! / p;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[row * n + k]! -= f * a[col * n + k]!;
      x[row]! -= f * x[col]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let s = x[row]!;
    for (let k = row + 1; k < n; k++) s -= a[row * n + k]! * x[k]!;
    x[row] = s / a[row * n + row]!;
  }
  return x;
}
