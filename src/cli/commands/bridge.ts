import type { Command } from "commander";
import { formatEther } from "viem";
import { securityTokenAbi } from "../../sdk/index.js";
import { QualifiedError } from "../../sdk/errors.js";
import { bridgeRetry, bridgeSend, bridgeVoid, pendingCrossChain, relayersOf } from "../../crosschain/bridge-client.js";
import { crossChainSupply, traceBridgeTransfer } from "../../crosschain/bridge-trace.js";
import { assertPositiveAmount, parseAddress, parseAmount } from "../parse.js";
import { toJson } from "../options.js";
import { type BridgeCommon as Common, bridgeCommon as common, openBridge as open } from "./bridge-options.js";
import { addBridgeKeepCommand } from "./bridge-keep.js";

/** `qualified bridge send|pending|retry|void|relay|trace|supply|keep`: move the bond between the home chain and the L2. */
export function addBridgeCommands(program: Command): void {
  const bridge = program.command("bridge").description("move a token between the home chain and the L2 (burn here, mint there), and follow it");

  common(
    bridge
      .command("send")
      .description("send tokens to a recipient on the other chain; refused before any transaction if the token would refuse it here")
      .requiredOption("--to <address>", "recipient on the other chain")
      .requiredOption("--amount <n>", "amount in whole tokens, e.g. 100 or 12.5")
      .option("--to-home", "send from the L2 to the home chain (default: home to L2)")
      .option("--max-fee <eth>", "refuse to pay more than this messaging fee, in ETH (e.g. 0.01)"),
  ).action(async (opts: Common & { to: string; amount: string; toHome?: boolean; maxFee?: string }) => {
    const to = parseAddress(opts.to, "recipient");
    assertPositiveAmount(opts.amount);
    if (opts.maxFee !== undefined && !/^\d{1,60}(\.\d{1,18})?$/.test(opts.maxFee)) {
      throw new QualifiedError(`--max-fee "${opts.maxFee.slice(0, 40)}" is not an amount of ETH such as 0.01`);
    }
    const maxFee = opts.maxFee === undefined ? undefined : parseAmount(opts.maxFee, 18);
    const { client, signer } = await open(opts);
    const source = opts.toHome ? client.l2 : client.home;
    // The token the bridge burns (the deployment file's token was checked to be that one when connecting).
    const token = opts.toHome ? client.deployment.l2.token : client.deployment.home.token;
    const decimals = await source.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "decimals" });
    const amount = parseAmount(opts.amount, decimals);
    const sent = await bridgeSend(client, { signer, to, amount, toHome: opts.toHome, maxFee });
    if (opts.json) console.log(toJson({ ...sent, to, amount }));
    else
      console.log(
        `sent ${opts.amount} to ${to} ${opts.toHome ? "on the home chain" : "on the L2"}: transfer ${sent.transferId} (fee ${formatEther(sent.fee)} ETH; in flight until relayed)`,
      );
  });

  common(bridge.command("pending").description("messages not yet delivered in either direction, and escrows still open")).action(async (opts: Common) => {
    const { client, signer } = await open(opts);
    const result = await pendingCrossChain(client, { relayers: relayersOf(client, signer) });
    if (opts.json) return console.log(toJson(result));
    if (result.messages.length === 0) console.log("no message in flight");
    for (const m of result.messages) console.log(`${m.direction.padEnd(8)} ${m.kind.padEnd(16)} nonce ${m.nonce} ${m.state}${stateNote(m.state, m.kind)}`);
    if (result.escrows.length === 0) console.log("no open escrow");
    for (const e of result.escrows) {
      const note = e.sentBySource ? "" : " NOT SENT by the other chain's bridge: a forged receipt; the issuer voids it (`qualified bridge void`)";
      console.log(`escrow on ${e.chain}: ${e.transferId} ${e.amount} base units for ${e.to} (from ${e.from})${note}`);
    }
    if (result.messages.some((m) => m.state === "skipped" || m.state === "nilified")) process.exitCode = 2;
  });

  common(
    bridge
      .command("void")
      .description("void an escrow whose receipt the other chain's bridge never sent (a forgery): recorded, never minted (the issuer)")
      .argument("<transferId>", "the transfer id (see `qualified bridge pending`)"),
  ).action(async (transferId: string, opts: Common) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(transferId)) throw new QualifiedError(`transfer id "${transferId}" is not 32 bytes of hex`);
    const { client, signer } = await open(opts);
    const done = await bridgeVoid(client, { signer, transferId: transferId as `0x${string}` });
    if (opts.json) console.log(toJson(done));
    else console.log(`voided ${done.amount} base units escrowed for ${done.to} on chain ${done.chainId}: recorded, never minted`);
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

  addBridgeKeepCommand(bridge);

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

/** What a packet's state means for the person reading `bridge pending`. */
function stateNote(state: string, kind: string): string {
  const burnt = kind === "bridge transfer" ? ": its tokens were burnt at the source and are not minted here; the issuer reconciles them" : "";
  if (state === "skipped") return ` (cleared by the receiver's delegate, never delivered${burnt})`;
  if (state === "nilified") return ` (verification voided by the receiver's delegate; it needs verifying again${burnt})`;
  return "";
}
