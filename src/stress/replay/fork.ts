import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import { createPublicClient, http, numberToHex, type Address, type EIP1193Provider, type Hex, type TransactionReceipt } from "viem";
import { connectProvider, type Connection, type Signer } from "../../sdk/index.js";
import { QualifiedError } from "../../sdk/errors.js";
import { redactUrl } from "../../sdk/redact.js";
import { warmReadsWith } from "./read-many.js";
import { startSourceCache } from "./source-cache.js";

/** Chains whose hardfork history EDR ships: Ethereum mainnet, Sepolia, Holesky, Hoodi. */
const KNOWN_CHAINS = new Set([1, 11155111, 17000, 560048]);

/** A private copy of a chain at one block, simulated in process: nothing done here reaches the source. */
export interface Fork {
  connection: Connection;
  /** Chain id of the source chain (the fork keeps the simulator's own). */
  sourceChainId: number;
  block: bigint;
  /** A signer for any address on the fork (impersonated, funded with gas money). */
  impersonate(address: Address): Promise<Signer>;
  /**
   * The code of `accounts` at the fork block, asked of the source in batches. The replay deploys no code,
   * so it is also their code on the fork; the fork finds the accounts already fetched.
   */
  codeAt(accounts: readonly Address[]): Promise<Hex[]>;
  /** Sends a transaction as `from` (impersonated) and returns its receipt; the fork mines it at once. */
  send(from: Address, call: { to: Address; data: Hex; gas?: bigint }): Promise<TransactionReceipt>;
  close(): Promise<void>;
}

/**
 * Forks `rpc` at `block` (default: the source's latest block, given explicitly so the fork never lags
 * behind a fresh development chain) with Hardhat's EDR. The fork's RPC cache lives in a fresh folder
 * removed on close: two development chains with the same chain id and height never share cached state.
 */
export async function forkChain(p: { rpc: string; block?: bigint }): Promise<Fork> {
  const source = createPublicClient({ transport: http(p.rpc, { timeout: 10_000, retryCount: 1 }) });
  let sourceChainId: number;
  let latest: bigint;
  try {
    [sourceChainId, latest] = await Promise.all([source.getChainId(), source.getBlockNumber()]);
  } catch {
    throw new QualifiedError(`the RPC endpoint ${redactUrl(p.rpc)} does not answer: is the node running?`);
  }
  const block = p.block ?? latest;
  if (block > latest) throw new QualifiedError(`block ${block} is beyond the source's latest block ${latest}`);
  const cache = mkdtempSync(join(tmpdir(), "qualified-fork-"));
  // EDR knows the hardfork history of public chains; a development or private chain's is declared: its
  // blocks all ran under the simulator's hardfork (what `qualified node` uses).
  const probe = await createHardhatRuntimeEnvironment({ paths: { cache } });
  const hardfork = (probe.config.networks.default as { hardfork?: string }).hardfork ?? "prague";
  const chainDescriptors = KNOWN_CHAINS.has(sourceChainId)
    ? {}
    : { [sourceChainId]: { name: `chain ${sourceChainId}`, hardforkHistory: { [hardfork]: { blockNumber: 0 } } } };
  const hre = await createHardhatRuntimeEnvironment({ paths: { cache }, chainDescriptors });
  // The fork reads the source through a relay that remembers the state at the fork block (see source-cache.ts).
  const relay = await startSourceCache(p.rpc, block, latest);
  const network = await hre.network
    .create({
      override: {
        forking: { url: relay.url, blockNumber: block },
        // Gas is free on the fork: impersonated accounts need no ether, and balances stay what the source had.
        initialBaseFeePerGas: 0,
        minGasPrice: 0n,
      },
    } as never)
    .catch(async (error: unknown) => {
      await relay.close();
      rmSync(cache, { recursive: true, force: true });
      throw error;
    });
  const provider = network.provider as unknown as EIP1193Provider;
  const connection = await connectProvider(provider);
  warmReadsWith(connection, (calls) => relay.prefetch(calls));
  const funded = new Set<Address>();
  const impersonate = async (address: Address) => {
    if (!funded.has(address)) {
      await provider.request({ method: "hardhat_impersonateAccount" as never, params: [address] as never });
      // Gas money for the impersonated account (ether only; no token balance is touched).
      const balance = await connection.publicClient.getBalance({ address });
      if (balance < 10n ** 20n) await provider.request({ method: "hardhat_setBalance" as never, params: [address, numberToHex(10n ** 21n)] as never });
      funded.add(address);
    }
    return connection.signer(address);
  };
  return {
    connection,
    sourceChainId,
    block,
    impersonate,
    codeAt: (accounts) => relay.codeAt(accounts) as Promise<Hex[]>,
    send: async (from, call) => {
      const signer = await impersonate(from);
      const hash = await signer.sendTransaction({ to: call.to, data: call.data, gas: call.gas });
      // Automine: the receipt exists as soon as the hash is returned; no need to poll for it.
      const receipt = await connection.publicClient.getTransactionReceipt({ hash }).catch(() => null);
      return receipt ?? connection.publicClient.waitForTransactionReceipt({ hash });
    },
    close: async () => {
      await network.close();
      await relay.close();
      rmSync(cache, { recursive: true, force: true });
    },
  };
}
