import { encodeFunctionData, type Abi, type Address, type Hex } from "viem";
import type { Connection } from "../../sdk/index.js";

// Many reads of the fork in a few calls: Multicall3's aggregate3, deployed for the call only (no contract
// needs to exist on the chain). Each call of the simulator re-reads from the source whatever the fork has
// not written (contract code, the registries' storage); fifty reads in one call fetch it once.

/**
 * Reads per call. The deployless call hands its answer back as the code of a contract it creates, which
 * may not exceed 24,576 bytes: fifty answers of a few hundred bytes each stay well within it.
 */
const READS_PER_CALL = 50;

export interface Read {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

/** Warms the fork's reads of the source for calls about to be made (see source-cache.ts), by connection. */
const warmers = new WeakMap<Connection, (calls: { to: Address; data: Hex }[]) => Promise<void>>();

/** Registers how to warm `connection`'s reads of its source. */
export function warmReadsWith(connection: Connection, warm: (calls: { to: Address; data: Hex }[]) => Promise<void>): void {
  warmers.set(connection, warm);
}

type Outcome = { status: "success"; result: unknown } | { status: "failure"; error: Error };

async function aggregate(connection: Connection, reads: readonly Read[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < reads.length; i += READS_PER_CALL) {
    const contracts = reads.slice(i, i + READS_PER_CALL);
    await warmers.get(connection)?.(
      contracts.map((r) => ({ to: r.address, data: encodeFunctionData({ abi: r.abi, functionName: r.functionName, args: r.args } as never) })),
    );
    outcomes.push(...((await connection.publicClient.multicall({ contracts: contracts as never, deployless: true, batchSize: 0 })) as Outcome[]));
  }
  return outcomes;
}

/** The results of `reads`, in order; a read that reverts throws. */
export async function readMany(connection: Connection, reads: readonly Read[]): Promise<unknown[]> {
  return (await aggregate(connection, reads)).map((o) => {
    if (o.status === "failure") throw o.error;
    return o.result;
  });
}

/** The results of `reads`, in order, undefined where a read reverts. */
export async function tryReadMany(connection: Connection, reads: readonly Read[]): Promise<unknown[]> {
  return (await aggregate(connection, reads)).map((o) => (o.status === "success" ? o.result : undefined));
}
