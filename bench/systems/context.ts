import type { Abi, Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from "viem";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { GasRecorder } from "../lib.js";

/** A wallet that can sign transactions on the benchmark chain. */
export type Wallet = WalletClient<Transport, Chain, Account>;

/** A compiled contract from a package (T-REX, ONCHAINID). */
export interface RawArtifact {
  abi: Abi;
  bytecode: `0x${string}`;
}

/** What every system's benchmark gets: the chain, named wallets, 100 funded investors, the recorder. */
export interface BenchContext {
  viem: HardhatViemHelpers;
  publicClient: PublicClient;
  deployer: Wallet; // governance, issuer, agent: whatever each system calls its operator
  alice: Wallet; // existing holder
  bob: Wallet; // existing holder
  carol: Wallet; // eligible, holds nothing yet (transfer to a new holder)
  dave: Wallet; // spender for transferFrom
  eve: Wallet; // onboarded alone (onboard.one)
  qualifierB: Wallet; // a second qualifier / claim signer
  investors: Wallet[]; // onboarded in batch (onboard.batch100)
  recorder: GasRecorder;
}

export const addr = (w: Wallet): Address => w.account.address;

/** Deploys a package artifact; returns its address and the deployment transaction. */
export async function deployRaw(ctx: BenchContext, wallet: Wallet, artifact: RawArtifact, args: unknown[]): Promise<{ address: Address; hash: Hash }> {
  const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args });
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) throw new Error("deployment reverted");
  return { address: receipt.contractAddress, hash };
}

/** The same benchmark amounts for every system. */
export const AMOUNTS = { start: 1_000_000n, move: 100n, allowance: 10n ** 30n } as const;
