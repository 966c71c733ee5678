import { Hono } from "hono";
import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { accessMap, checkTransfer, type Connection, type Deployment } from "../../sdk/index.js";
import { readOverview } from "./overview.js";

const address = z
  .string()
  .trim()
  .refine((a) => isAddress(a, { strict: false }), "is not an address (0x and 40 hex digits)")
  .transform((a) => getAddress(a) as Address);
const checkBody = z
  .object({
    token: address,
    from: address,
    to: address,
    amount: z
      .string()
      .trim()
      .regex(/^\d{1,78}$/, "must be a whole number of the token's smallest unit")
      .transform((a) => BigInt(a))
      .refine((a) => a < 2n ** 256n, "is beyond uint256"),
  })
  .strict();

/** A caller's mistake in a chain view: a 400 with the sentence. */
export class ChainInputError extends Error {}

const parse = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> => {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ChainInputError(`${issue.path.join(".") || "request"} ${issue.message}`);
  }
  return r.data;
};

/**
 * Read-only chain views computed with the SDK: the overview, who can do what (`accessMap`), and a transfer's
 * pre-flight with the token's own sentence (`checkTransfer`). Nothing here signs or sends a transaction.
 */
export function chainRoutes(connection: Connection, deployment: Deployment) {
  const app = new Hono();
  app.get("/overview", async (c) => c.json(JSON.parse(json(await readOverview(connection, deployment)))));
  app.get("/access", async (c) => {
    const token = c.req.query("token") ? parse(address, c.req.query("token")) : deployment.tokens[0]?.address;
    return c.json(JSON.parse(json(await accessMap(connection, { deployment, token }))));
  });
  app.post("/check", async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ChainInputError("the body must be JSON: {token, from, to, amount}");
    }
    const p = parse(checkBody, raw);
    const code = await connection.publicClient.getCode({ address: p.token });
    if (!code || code === "0x") throw new ChainInputError(`token ${p.token} has no code on this chain`);
    try {
      return c.json(await checkTransfer(connection, p));
    } catch {
      throw new ChainInputError(`${p.token} does not answer as a Qualified security token (detectTransferRestriction)`);
    }
  });
  return app;
}

/** JSON with bigints as decimal strings. */
const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
