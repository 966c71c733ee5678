// The network file `qualified stress network FILE` reads: an Eisenberg-Noe liability network or a DebtRank
// exposure network (docs/stress.md). Every rule names the field that breaks it.
import { z } from "zod";

const MAX_NODES = 1_000_000;
const MAX_EDGES = 5_000_000;

const id = z
  .string()
  .min(1, "must be a non-empty string")
  .max(200, "must be at most 200 characters")
  .refine((s) => s !== "__proto__", "is reserved (results key nodes by id in JSON objects): rename the node");
const amount = z.number().finite("must be a finite number").positive("must be greater than 0");
const nonNegative = z.number().finite("must be a finite number").nonnegative("must be 0 or more");
const share = z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1");
const edge = z.object({ from: id, to: id, amount }).strict();

/** Refuses duplicate node ids, and edges whose ends are unknown or the same node. */
function checkGraph(nodes: { id: string }[], edges: { from: string; to: string }[], edgesKey: string, ctx: z.RefinementCtx) {
  const ids = new Set<string>();
  nodes.forEach((node, i) => {
    if (ids.has(node.id)) ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `"${node.id}" appears twice` });
    ids.add(node.id);
  });
  edges.forEach((e, i) => {
    if (!ids.has(e.from)) ctx.addIssue({ code: "custom", path: [edgesKey, i, "from"], message: `"${e.from}" is not the id of a node` });
    if (!ids.has(e.to)) ctx.addIssue({ code: "custom", path: [edgesKey, i, "to"], message: `"${e.to}" is not the id of a node` });
    if (e.from === e.to) ctx.addIssue({ code: "custom", path: [edgesKey, i, "to"], message: "must differ from from (a node cannot owe itself)" });
  });
}

export const eisenbergNoeFileSchema = z
  .object({
    model: z.literal("eisenberg-noe"),
    nodes: z
      .array(z.object({ id, externalAssets: nonNegative }).strict())
      .min(1, "must list at least one node")
      .max(MAX_NODES),
    liabilities: z.array(edge).max(MAX_EDGES),
    defaultCosts: z.object({ alpha: share, beta: share }).strict().optional(),
  })
  .strict()
  .superRefine((file, ctx) => checkGraph(file.nodes, file.liabilities, "liabilities", ctx));

export const debtRankFileSchema = z
  .object({
    model: z.literal("debtrank"),
    linear: z.boolean().optional(),
    nodes: z
      .array(z.object({ id, equity: amount, weight: nonNegative }).strict())
      .min(1, "must list at least one node")
      .max(MAX_NODES),
    exposures: z.array(edge).max(MAX_EDGES),
    shock: z.record(id, share),
  })
  .strict()
  .superRefine((file, ctx) => {
    checkGraph(file.nodes, file.exposures, "exposures", ctx);
    const ids = new Set(file.nodes.map((n) => n.id));
    for (const key of Object.keys(file.shock)) {
      if (!ids.has(key)) ctx.addIssue({ code: "custom", path: ["shock", key], message: `"${key}" is not the id of a node` });
    }
  });

export const networkFileSchema = z.discriminatedUnion("model", [eisenbergNoeFileSchema, debtRankFileSchema]);

export type EisenbergNoeFile = z.infer<typeof eisenbergNoeFileSchema>;
export type DebtRankFile = z.infer<typeof debtRankFileSchema>;
export type NetworkFile = z.infer<typeof networkFileSchema>;
