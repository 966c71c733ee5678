import type { Hash, PublicClient } from "viem";

export type SystemName = "erc20" | "trex" | "qualified";
export interface GasRow {
  case: string;
  system: SystemName;
  gas: number;
}

/** Throws unless `actual` equals `expected`: a figure is recorded only after its effect is seen. */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/**
 * Records gas from receipts. Every transaction must have succeeded, and `check` must confirm its effect
 * (balances moved, flags set) before the figure is kept.
 */
export class GasRecorder {
  readonly rows: GasRow[] = [];
  /** The transactions behind each measured figure, keyed `system/case`, for tracing. */
  readonly hashes = new Map<string, Hash[]>();

  constructor(
    private readonly publicClient: PublicClient,
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  /** Sum of gasUsed over `hashes`, after checking every receipt's status. */
  async gasOf(hashes: Hash | Hash[]): Promise<bigint> {
    let total = 0n;
    for (const hash of Array.isArray(hashes) ? hashes : [hashes]) {
      const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      total += receipt.gasUsed;
    }
    return total;
  }

  /** Measures `send` (one or more transactions), checks the effect, records gas / `perUnit`. */
  async record(system: SystemName, caseName: string, send: () => Promise<Hash | Hash[]>, check: () => Promise<void>, perUnit = 1): Promise<number> {
    const hashes = await send();
    const gas = await this.gasOf(hashes);
    await check();
    this.hashes.set(`${system}/${caseName}`, Array.isArray(hashes) ? hashes : [hashes]);
    return this.add(system, caseName, Math.round(Number(gas) / perUnit));
  }

  /** Records a figure computed from other measured figures (for example a difference). */
  add(system: SystemName, caseName: string, gas: number): number {
    this.rows.push({ case: caseName, system, gas });
    this.log(`  ${system.padEnd(9)} ${caseName.padEnd(34)} ${gas.toLocaleString("en-US").padStart(11)}`);
    return gas;
  }
}
