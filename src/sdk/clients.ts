import {
  BaseError,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  http,
  type Account,
  type Address,
  type Chain,
  type EIP1193Provider,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { QualifiedError } from "./errors.js";
import { redactSecrets, redactUrl } from "./redact.js";

/** A wallet client that always has an account: every SDK write goes through one. */
export type Signer = WalletClient<Transport, Chain, Account>;

/** How the SDK reaches a chain: a public client, and a signer for any account it may act as. */
export interface Connection {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** A signer for `account`: a local account (private key) or an address the node holds unlocked. */
  signer(account: Account | Address): Signer;
}

/** Connects through an EIP-1193 provider (the embedded chain, a browser wallet). */
export async function connectProvider(provider: EIP1193Provider): Promise<Connection> {
  // No retries: an in-process or injected provider's errors are answers, not network hiccups.
  return connectTransport(custom(provider, { retryCount: 0 }));
}

/**
 * Connects to a JSON-RPC endpoint, checking that it answers within `timeoutMs`, so that a wrong URL
 * fails at once with a sentence rather than later with a stack trace.
 */
export async function connectRpc(url: string, timeoutMs = 5_000): Promise<Connection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL constructor throws only for a string that is not a URL.
    throw new QualifiedError(`"${redactSecrets(url)}" is not a URL: give an RPC endpoint such as http://127.0.0.1:8545`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new QualifiedError(`"${redactUrl(url)}" is not an http(s) RPC endpoint`);
  }
  // Concurrent requests (the indexer's block headers, a page of reads) go out as JSON-RPC batches.
  return connectTransport(http(url, { timeout: timeoutMs, retryCount: 1, batch: { batchSize: 100, wait: 0 } }), redactUrl(url));
}

async function connectTransport(transport: Transport, label = "the provider"): Promise<Connection> {
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    // Whatever went wrong (refused, timed out, unauthorised) is named after the sentence, redacted.
    const reason = redactSecrets(error instanceof BaseError ? error.shortMessage : String(error));
    throw new QualifiedError(`the RPC endpoint ${label} does not answer: is the node running? (${reason})`, { cause: error });
  }
  const chain = defineChain({
    id: chainId,
    name: chainId === 31337 ? "Hardhat" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  return {
    chain,
    publicClient,
    signer: (account) => createWalletClient({ chain, transport, account }) as Signer,
  };
}

/** The accounts the node holds unlocked (dev nodes: Hardhat, Anvil). */
export async function unlockedAccounts(connection: Connection): Promise<Address[]> {
  const wallet = createWalletClient({ chain: connection.chain, transport: custom(connection.publicClient) });
  return wallet.getAddresses();
}
