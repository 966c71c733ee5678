import { writeFileSync } from "node:fs";
import { stringify, type Address, type Hash } from "viem";
import { QualifiedError } from "../sdk/index.js";
import { openDatabase } from "../storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../monitor/schema.js";
import { loadAnnotations } from "../analytics/load.js";
import { loadAsset } from "../analytics/asset-load.js";
import { movementsOf } from "../analytics/asset-types.js";
import { traceBackward, traceForward } from "../tracing/trace.js";

const json = (value: unknown) => stringify(value, null, 2);

/**
 * A trace as text (and JSON in `out`), each participant labelled with its qualifier or as a registered contract.
 * The trace follows the token's asset: across the bridge to its token on every other chain. `chain` says on which
 * chain the transaction (forward) or the address (backward) is, when the asset spans several.
 */
export async function traceReport(p: { database: string; token: Address; tx?: Hash; address?: Address; chain?: number; hops: number; out?: string }) {
  const database = openDatabase<MonitorSchema>(p.database);
  try {
    await migrateMonitor(database.db);
    const asset = await loadAsset(database.db, p.token);
    if (!asset || movementsOf(asset.history).length === 0)
      throw new QualifiedError(`the monitor has no transfers of ${p.token}: is it indexed (qualified monitor)?`);
    const multiChain = asset.tokens.length > 1;
    const where = (chainId: number) => (multiChain ? `${String(chainId).padEnd(8)}  ` : "");
    const chainHeader = multiChain ? "chain     " : "";
    const notes = await loadAnnotations(database.db);
    const label = (a: Address) =>
      notes.defi.has(a) ? `registered contract${notes.blocked.has(a) ? " (blocked)" : ""}` : (notes.qualifiers.get(a)?.join(", ") ?? "no live credential");
    const chains = multiChain ? [`across chains: ${asset.tokens.map((t) => `${t.token} on chain ${t.chainId}`).join(", ")}`] : [];
    if (p.tx) {
      let trace: ReturnType<typeof traceForward>;
      try {
        trace = traceForward(asset.history, p.tx, { maxHops: p.hops, chainId: p.chain });
      } catch (e) {
        throw new QualifiedError((e as Error).message);
      }
      const participants = trace.nodes.map((n) => ({ ...n, credentialFrom: n.escrow ? "bridge escrow (issuer releases or returns)" : label(n.address) }));
      if (p.out) writeFileSync(p.out, json({ ...trace, chains: asset.tokens, nodes: participants }));
      return [
        `forward trace of ${trace.source.amount} from ${trace.source.from} to ${trace.source.to} (rule: ${trace.rule})`,
        ...chains,
        `  hops  ${chainHeader}wallet                                      recoverable   qualifier`,
        ...participants.map((n) => `  ${String(n.hops).padEnd(4)}  ${where(n.chainId)}${n.address}  ${String(n.recoverable).padEnd(12)}  ${n.credentialFrom}`),
        ...trace.inFlight.map((f) => `in flight: ${f.tainted} tainted of ${f.amount} from chain ${f.fromChainId} to ${f.to} on chain ${f.toChainId}`),
        `recoverable in total: ${trace.recoverableTotal}${trace.inFlightTotal > 0n ? `; in flight: ${trace.inFlightTotal}` : ""}${p.out ? `; JSON written to ${p.out}` : ""}`,
      ].join("\n");
    }
    const trace = traceBackward(asset.history, p.address!, { maxHops: p.hops, chainId: p.chain });
    const participants = trace.nodes.map((n) => ({ ...n, credentialFrom: label(n.address) }));
    if (p.out) writeFileSync(p.out, json({ ...trace, chains: asset.tokens, nodes: participants }));
    return [
      `backward trace of ${trace.target}: where its tokens came from`,
      ...chains,
      `  hops  ${chainHeader}wallet                                      sent          qualifier`,
      ...participants.map((n) => `  ${String(n.hops).padEnd(4)}  ${where(n.chainId)}${n.address}  ${String(n.sent).padEnd(12)}  ${n.credentialFrom}`),
    ].join("\n");
  } finally {
    await database.close();
  }
}
