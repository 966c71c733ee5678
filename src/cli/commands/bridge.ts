import type { Command } from "commander";
import { securityTokenAbi, type Connection, type Signer } from "../../sdk/index.js";
import { QualifiedError } from "../../sdk/errors.js";
import { DEFAULT_CROSSCHAIN_DEPLOYMENT, readCrossChainDeployment } from "../../crosschain/deployment-file.js";
import { bridgeRetry, bridgeSend, connectCrossChain, pendingCrossChain, relayersOf } from "../../crosschain/bridge-client.js";
import { crossChainSupply, traceBridgeTransfer } from "../../crosschain/bridge-trace.js";
import { parseAddress, parseAmount, parsePrivateKey, assertAmountFormat } from "../parse.js";
import { jsonOption, toJson } from "../options.js";

interface Common {
  crosschain: string;
  from?: string;
  privateKey?: string;
  json?: boolean;
}

function common(command: Command): Command {
  return jsonOption(
    command
      .option("--crosschain <file>", "cross-chain deployment file (both chains' RPC endpoints and contracts)", DEFAULT_CROSSCHAIN_DEPLOYMENT)
      .option("--from <address>", "act as this account, which both nodes hold unlocked")
      .option("--private-key <hex>", "sign with this key instead (default: QUALIFIED_PRIVATE_KEY, else the node's first unlocked account)"),
  );
}

/** The signer on a given chain: --private-key, --from (unlocked), QUALIFIED_PRIVATE_KEY, else the first unlocked account. */
function signerFor(opts: Common, firstUnlocked: Map<number, `0x${string}`>): (c: Connection) => Signer {
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

async function open(opts: Common) {
  const client = await connectCrossChain(readCrossChainDeployment(opts.crosschain));
  const firstUnlocked = new Map<number, `0x${string}`>();
  for (const c of [client.home, client.l2]) {
    const [first] = (await c.publicClient.request({ method: "eth_accounts" } as never)) as `0x${string}`[];
    if (first) firstUnlocked.set(c.chain.id, first);
  }
  return { client, signer: signerFor(opts, firstUnlocked) };
}

/** `qualified bridge send|pending|retry|relay`: move the bond between the home chain and the L2. */
export function addBridgeCommands(program: Command): void {
  const bridge = program.command("bridge").description("move a token between the home chain and the L2 (burn here, mint there), and follow it");

  common(
    bridge
      .command("send")
      .description("send tokens to a recipient on the other chain; refused before any transaction if the token would refuse it here")
      .requiredOption("--to <address>", "recipient on the other chain")
      .requiredOption("--amount <n>", "amount in whole tokens, e.g. 100 or 12.5")
      .option("--to-home", "send from the L2 to the home chain (default: home to L2)"),
  ).action(async (opts: Common & { to: string; amount: string; toHome?: boolean }) => {
    const to = parseAddress(opts.to, "recipient");
    assertAmountFormat(opts.amount);
    const { client, signer } = await open(opts);
    const source = opts.toHome ? client.l2 : client.home;
    const token = opts.toHome ? client.deployment.l2.token : client.deployment.home.token;
    const decimals = await source.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "decimals" });
    const amount = parseAmount(opts.amount, decimals);
    const sent = await bridgeSend(client, { signer, to, amount, toHome: opts.toHome });
    if (opts.json) console.log(toJson({ ...sent, to, amount }));
    else console.log(`sent ${opts.amount} to ${to} ${opts.toHome ? "on the home chain" : "on the L2"}: transfer ${sent.transferId} (in flight until relayed)`);
  });

  common(bridge.command("pending").description("messages not yet delivered in either direction, and escrows still open")).action(async (opts: Common) => {
    const { client, signer } = await open(opts);
    const result = await pendingCrossChain(client, { relayers: relayersOf(client, signer) });
    if (opts.json) return console.log(toJson(result));
    if (result.messages.length === 0) console.log("no message in flight");
    for (const m of result.messages) console.log(`${m.direction.padEnd(8)} ${m.kind.padEnd(16)} nonce ${m.nonce} ${m.state}`);
    if (result.escrows.length === 0) console.log("no open escrow");
    for (const e of result.escrows) console.log(`escrow on ${e.chain}: ${e.transferId} ${e.amount} base units for ${e.to} (from ${e.from})`);
  });

  common(
    bridge
      .command("retry")
      .description("mint an escrowed transfer to its recipient, now that it can receive (anyone may)")
      .argument("<transferId>", "the transfer id (see `qualified bridge pending`)"),
  ).action(async (transferId: string, opts: Common) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(transferId)) throw new QualifiedError(`transfer id "${transferId}" is not 32 bytes of hex`);
    const { client, signer } = await open(opts);
    const done = await bridgeRetry(client, { signer, transferId: transferId as `0x${string}` });
    if (opts.json) console.log(toJson(done));
    else console.log(`released ${done.amount} base units to ${done.to} on chain ${done.chainId}`);
  });

  common(
    bridge.command("relay").description("deliver every pending message in both directions (local chains: the signer must be the message library's relayer)"),
  ).action(async (opts: Common) => {
    const { client, signer } = await open(opts);
    const relayers = relayersOf(client, signer);
    const results = [...(await relayers.toL2.relay()), ...(await relayers.toHome.relay())];
    if (opts.json) return console.log(toJson(results.map((r) => ({ nonce: r.packet.nonce, dstEid: r.packet.dstEid, state: r.state, error: r.error }))));
    for (const r of results) console.log(`eid ${r.packet.dstEid} nonce ${r.packet.nonce}: ${r.state}${r.error ? ` (${r.error})` : ""}`);
    if (results.length === 0) console.log("nothing to relay");
    if (results.some((r) => r.state !== "delivered")) process.exitCode = 2;
  });

  common(
    bridge
      .command("trace")
      .description("follow a transfer across the bridge: burnt where, minted or escrowed where, and what became of an escrow")
      .argument("<transferId>", "the transfer id"),
  ).action(async (transferId: string, opts: Common) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(transferId)) throw new QualifiedError(`transfer id "${transferId}" is not 32 bytes of hex`);
    const { client } = await open(opts);
    const steps = await traceBridgeTransfer(client, { transferId: transferId as `0x${string}` });
    if (opts.json) return console.log(toJson(steps));
    for (const s of steps) {
      const who = [s.from && `from ${s.from}`, s.to && `to ${s.to}`, s.amount !== undefined && `${s.amount} base units`].filter(Boolean).join(" ");
      console.log(`${s.chain.padEnd(4)} ${s.step.padEnd(9)} ${who}${s.txHash ? ` (tx ${s.txHash})` : ""}${s.returnId ? ` as ${s.returnId}` : ""}`);
    }
  });

  common(bridge.command("supply").description("the token's supply on each chain, in escrow and in flight: the total is conserved")).action(
    async (opts: Common) => {
      const { client } = await open(opts);
      const supply = await crossChainSupply(client);
      if (opts.json) return console.log(toJson(supply));
      for (const [k, v] of Object.entries(supply)) console.log(`${k.padEnd(15)} ${v}`);
    },
  );
}
