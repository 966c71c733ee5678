import { readFileSync } from "node:fs";
import { z } from "zod";
import { QualifiedError } from "../../sdk/index.js";
import type { StressReport } from "../../stress/types.js";

const amount = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal amount");
const round = z.object({
  round: z.number().int(),
  prices: z.record(z.string(), z.string()),
  liquidations: z.array(z.object({ market: z.string(), repaid: amount, seized: amount, proceeds: amount }).loose()),
  stranded: z.array(z.object({ market: z.string(), reason: z.string(), collateral: amount }).loose()),
  defaults: z.array(z.string()),
});
/** The parts of a stress report the console shows, checked before it is served. */
const reportSchema = z
  .object({
    version: z.literal(1),
    scenario: z.string().max(200),
    generatedAt: z.string(),
    totalShortfall: z.string(),
    replay: z
      .object({ rounds: z.array(round), badDebt: z.record(z.string(), amount), lossesByCategory: z.record(z.string(), amount) })
      .loose()
      .optional(),
    network: z.array(z.object({ model: z.string(), defaults: z.array(z.string()), shortfall: z.number() }).loose()).optional(),
  })
  .loose();

/** Reads a `qualified stress` report (JSON) for the console's Stress view; a file that is not one is refused with why. */
export function readStressReport(path: string): StressReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new QualifiedError(`stress report ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "not JSON"}`);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QualifiedError(`stress report ${path} is not a report of qualified stress: ${issue.path.join(".") || "file"}: ${issue.message}`);
  }
  return parsed.data as unknown as StressReport;
}
