import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { statSync } from "node:fs";
import { QualifiedError } from "../sdk/errors.js";
import { readJsonFile } from "../sdk/json-file.js";

/** A scenario is a page of JSON; anything larger is a mistake. */
const MAX_BYTES = 1024 * 1024;

const address = z
  .string()
  .max(42)
  .refine((a) => isAddress(a), "not an address")
  .transform((a) => getAddress(a) as Address);

/** An asset: a token's symbol as the deployment records it, its address, or "BOND" for every listed security token. */
const asset = z.union([
  address,
  z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9._-]+$/, "a token symbol (letters, digits, . _ -) or an address"),
]);

/**
 * A stress scenario as `qualified stress run` reads it. Shocks move an asset's price through its NAV
 * oracle; haircuts withdraw a share of a pool's liquidity; suspensions and sanctions go through the
 * registries' own paths (governance, the sanctions operator) on the fork.
 */
export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(120),
    /** Relative price changes: -0.4 is a 40% fall. A price cannot fall by 100% or more. */
    shocks: z
      .array(z.object({ asset, change: z.number().gt(-1, "a price cannot fall by 100% or more").max(10) }).strict())
      .max(100)
      .default([]),
    /** A share of a Uniswap V2 pool's liquidity its providers withdraw before the first round (0.5 = half). */
    haircuts: z
      .array(z.object({ pool: address, haircut: z.number().min(0).lt(1, "a haircut is a share below 1 (1 would empty the pool)") }).strict())
      .max(100)
      .default([]),
    /** Qualifier ids governance suspends: their credentials stop counting, for holders and liquidators alike. */
    suspendQualifiers: z.array(z.number().int().min(1).max(65_535)).max(100).default([]),
    /** Holders the sanctions operator flags: listed addresses, and/or the N largest holders of the shocked assets. */
    sanction: z
      .object({ addresses: z.array(address).max(1_000).default([]), largestHolders: z.number().int().min(0).max(100).default(0) })
      .strict()
      .default({ addresses: [], largestHolders: 0 }),
    /** Liquidation rounds at most (each: liquidate what is unhealthy, sell what was seized, re-price). */
    maxRounds: z.number().int().min(1).max(100).default(10),
    /**
     * How the collateral is re-priced after each round's sales: "pool" marks the NAV down to the pool's
     * price when the pool trades lower (fire sales feed back); "shock" keeps the shocked NAV.
     */
    repricing: z.enum(["pool", "shock"]).default("pool"),
    /** Morpho Blue markets to replay; found from the chain's CreateMarket events when absent. */
    markets: z
      .array(z.object({ morpho: address, id: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a market id is 32 bytes of hex") }).strict())
      .max(100)
      .optional(),
    /** Passed through, unread, to the network contagion engine. */
    network: z.unknown().optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** Reads and validates a scenario file, with one sentence for what is wrong. */
export function readScenario(path: string): Scenario {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    throw new QualifiedError(`no scenario file at ${path}`);
  }
  if (size > MAX_BYTES) throw new QualifiedError(`the scenario file ${path} is ${size} bytes; the limit is ${MAX_BYTES}`);
  return readJsonFile(path, scenarioSchema, {
    missing: (p) => `no scenario file at ${p}`,
    notJson: (p) => `${p} is not JSON`,
    invalid: (p, where, message) => `${p} is not a stress scenario: ${where || "the file"}: ${message}`,
  });
}
