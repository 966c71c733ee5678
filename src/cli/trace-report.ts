import { writeFileSync } from "node:fs";
import { stringify, type Address, type Hash } from "viem";
import { QualifiedError } from "../sdk/index.js";
import { openDatabase } from "../storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../monitor/schema.js";
import { loadAnnotations, loadMovements } from "../analytics/load.js";
import { traceBackward, traceForward } from "../tracing/trace.js";

const json = (value: unknown) => stringify(value, null, 2);

/** A trace as text (and JSON in `out`), each participant labelled with its qualifier or as a registered contract. */
export async function traceReport(p: { database: string; token: Address; tx?: Hash; address?: Address; hops: number; out?: string }) {
  const database = openDatabase<MonitorSchema>(p.database);
  try {
    await migrateMonitor(database.db);
    const movements = await loadMovements(database.db, p.token);
    if (movements.length === 0) throw new QualifiedError(`the monitor has no transfers of ${p.token}: is it indexed (qualified monitor)?`);
    const notes = await loadAnnotations(database.db);
    const label = (a: Address) =>
      notes.defi.has(a) ? `registered contract${notes.blocked.has(a) ? " (blocked)" : ""}` : (notes.qualifiers.get(a)?.join(", ") ?? "no live credential");
    if (p.tx) {
      let trace: ReturnType<typeof traceForward>;
      try {
        trace = traceForward(movements, p.tx, { maxHops: p.hops });
      } catch (e) {
        throw new QualifiedError((e as Error).message);
      }
      const participants = trace.nodes.map((n) => ({ ...n, credentialFrom: label(n.address) }));
      if (p.out) writeFileSync(p.out, json({ ...trace, nodes: participants }));
      return [
        `forward trace of ${trace.source.amount} from ${trace.source.from} to ${trace.source.to} (rule: ${trace.rule})`,
        "  hops  wallet                                      recoverable   qualifier",
        ...participants.map((n) => `  ${String(n.hops).padEnd(4)}  ${n.address}  ${String(n.recoverable).padEnd(12)}  ${n.credentialFrom}`),
        `recoverable in total: ${trace.recoverableTotal}${p.out ? `; JSON written to ${p.out}` : ""}`,
      ].join("\n");
    }
    const trace = traceBackward(movements, p.address!, { maxHops: p.hops });
    const participants = trace.nodes.map((n) => ({ ...n, credentialFrom: label(n.address) }));
    if (p.out) writeFileSync(p.out, json({ ...trace, nodes: participants }));
    return [
      `backward trace of ${trace.target}: where its tokens came from`,
      "  hops  wallet                                      sent          qualifier",
      ...participants.map((n) => `  ${String(n.hops).padEnd(4)}  ${n.address}  ${String(n.sent).padEnd(12)}  ${n.credentialFrom}`),
    ].join("\n");
  } finally {
    await database.close();
  }
}
