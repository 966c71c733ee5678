import { getAddress, parseEventLogs, type Address } from "viem";
import { mirroredContractRegistryAbi, securityTokenAbi } from "../sdk/abi/contracts.js";
import type { Connection } from "../sdk/clients.js";

/** The L2 side a keeper watches: its contract registry, and the token whose holders it keeps vouched for. */
export interface KeeperRemote {
  connection: Connection;
  /** The L2's `MirroredContractRegistry`. */
  contractRegistry: Address;
  /** The L2 token: a registered contract is kept vouched for only while it holds some. */
  token: Address;
  /** First L2 block to read (default 0). */
  fromBlock?: bigint;
}

/** Contracts registered on the L2 in `[fromBlock, head]`; returns them and the next block to read. */
export async function readRegistrations(remote: KeeperRemote, fromBlock: bigint): Promise<{ contracts: Address[]; next: bigint }> {
  const head = await remote.connection.publicClient.getBlockNumber({ cacheTime: 0 });
  if (head < fromBlock) return { contracts: [], next: fromBlock };
  const logs = await remote.connection.publicClient.getLogs({ address: remote.contractRegistry, fromBlock, toBlock: head });
  const contracts = parseEventLogs({ abi: mirroredContractRegistryAbi, eventName: "ContractRegistered", logs }).map((e) => getAddress(e.args.target));
  return { contracts, next: head + 1n };
}

/**
 * Those of `contracts` that hold the L2 token now. Anyone can register copies of vetted code on the L2 for L2
 * gas only; keeping every one vouched for would make the keeper pay a home fee per copy, round after round.
 * A contract that holds nothing is vouched for by whoever first deposits into it (anyone may `sync`).
 */
export async function holdingContracts(remote: KeeperRemote, contracts: Address[]): Promise<Address[]> {
  const balances = await Promise.all(
    contracts.map((holder) =>
      remote.connection.publicClient.readContract({ address: remote.token, abi: securityTokenAbi, functionName: "balanceOf", args: [holder] }),
    ),
  );
  return contracts.filter((_, i) => balances[i] > 0n);
}
