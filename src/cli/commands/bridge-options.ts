import type { Command } from "commander";
import type { Connection, Signer } from "../../sdk/index.js";
import { QualifiedError } from "../../sdk/errors.js";
import { DEFAULT_CROSSCHAIN_DEPLOYMENT, readCrossChainDeployment } from "../../crosschain/deployment-file.js";
import { connectCrossChain } from "../../crosschain/bridge-client.js";
import { parseAddress, parsePrivateKey } from "../parse.js";
import { jsonOption } from "../options.js";

/** The options every `qualified bridge` command takes. */
export interface BridgeCommon {
  crosschain: string;
  from?: string;
  privateKey?: string;
  json?: boolean;
}

/** Adds `--crosschain`, `--from`, `--private-key` and `--json`. */
export function bridgeCommon(command: Command): Command {
  return jsonOption(
    command
      .option("--crosschain <file>", "cross-chain deployment file (both chains' RPC endpoints and contracts)", DEFAULT_CROSSCHAIN_DEPLOYMENT)
      .option("--from <address>", "act as this account, which both nodes hold unlocked")
      .option("--private-key <hex>", "sign with this key instead (default: QUALIFIED_PRIVATE_KEY, else the node's first unlocked account)"),
  );
}

/** The signer on a given chain: --private-key, --from (unlocked), QUALIFIED_PRIVATE_KEY, else the first unlocked account. */
function signerFor(opts: BridgeCommon, firstUnlocked: Map<number, `0x${string}`>): (c: Connection) => Signer {
  if (opts.privateKey && opts.from) throw new QualifiedError("give either --from or --private-key, not both");
  const key = opts.privateKey ?? (opts.from ? undefined : process.env.QUALIFIED_PRIVATE_KEY);
  if (key) {
    const account = parsePrivateKey(key);
    return (c) => c.signer(account);
  }
  const from = opts.from ? parseAddress(opts.from, "--from") : undefined;
  return (c) => {
    const address = from ?? firstUnlocked.get(c.chain.id);
    if (!address) throw new QualifiedError(`chain ${c.chain.id} holds no unlocked account: give --private-key`);
    return c.signer(address);
  };
}

/** Reads the deployment file, connects to (and checks) both chains, and picks the signer. */
export async function openBridge(opts: BridgeCommon) {
  const client = await connectCrossChain(readCrossChainDeployment(opts.crosschain));
  const firstUnlocked = new Map<number, `0x${string}`>();
  for (const c of [client.home, client.l2]) {
    const [first] = (await c.publicClient.request({ method: "eth_accounts" } as never)) as `0x${string}`[];
    if (first) firstUnlocked.set(c.chain.id, first);
  }
  return { client, signer: signerFor(opts, firstUnlocked) };
}
