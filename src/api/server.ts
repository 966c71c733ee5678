import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { stringify, type Address, type Hash } from "viem";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { MonitorSchema } from "../monitor/schema.js";
import { loadAnnotations } from "../analytics/load.js";
import { indexedAssets, loadAsset } from "../analytics/asset-load.js";
import { movementsOf } from "../analytics/asset-types.js";
import { supplyAcrossChains } from "../analytics/asset-supply.js";
import { balancesByChain, holdingsAcrossChains } from "../analytics/asset-holders.js";
import { marketSummary } from "../analytics/market.js";
import { activeWalletsPerDay, balancesAt, holdersOverTime } from "../analytics/balances.js";
import { concentration } from "../analytics/concentration.js";
import { netFlowsByCategory, type Labels } from "../analytics/flows.js";
import { netFlowsOverTime, supplyOverTime } from "../analytics/series.js";
import { traceBackward, traceForward } from "../tracing/trace.js";
import { SEVERITIES, atLeast } from "../monitor/alerts/config.js";
import { authenticateKey, type ApiKeyInfo, type ApiKeySchema } from "../auth/api-keys.js";
import { AlertNotes, MAX_NOTE_LENGTH, acknowledgeAlert, acknowledgements } from "../monitor/alerts/acknowledgements.js";
import { errorBody, internalError, requestLogging } from "../logging/http.js";
import { createLogger, type Logger } from "../logging/logger.js";

/** The monitor API's read-only role: a key reads everything the API serves. */
export const MONITOR_ROLE = "reader";
/** The monitor API's operator role: reads everything, and acknowledges alerts. */
export const MONITOR_OPERATOR_ROLE = "operator";
/** Every role a monitor API key can have. */
export const MONITOR_ROLES = [MONITOR_ROLE, MONITOR_OPERATOR_ROLE] as const;

import { addressSchema as address } from "../sdk/address-schema.js";
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-11-21")
  .transform((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
const hops = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
/** The chain of the token (or of the transaction, the address) asked about, when the same address is on several. */
const chain = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, "a chain id: a whole number such as 31337")
  .transform(Number)
  .optional();

/** JSON with bigints as decimal strings: token amounts exceed JavaScript numbers. */
const body = (value: unknown) => stringify(value);

class HttpError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** Validates `value`; a failure is a 400 naming the field (`what` for a single value such as a path part). */
function parse<T extends z.ZodType>(schema: T, value: unknown, what = "request"): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, `${issue.path.join(".") || what}: ${issue.message}`);
  }
  return r.data;
}

/**
 * The monitor's read API: analytics, traces and alerts, from its database. Every route but `/health` needs an
 * API key (`Authorization: Bearer <key>`, created with `qualified api-key create`; hashed at rest, expiring).
 */
export function createApi(db: Kysely<MonitorSchema>, options: { labels?: Labels["known"]; logger?: Logger; notesKey?: string } = {}) {
  const app = new Hono<{ Variables: { requestId: string; apiKey: ApiKeyInfo } }>();
  // Acknowledgement notes are sealed under this key; without it, alerts cannot be acknowledged (fail closed).
  const notes = options.notesKey ? new AlertNotes(options.notesKey) : undefined;
  const logger = options.logger ?? createLogger({ name: "monitor-api" });
  const keys = db as unknown as Kysely<ApiKeySchema>;
  app.use("*", requestLogging(logger));
  const json = (data: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(body(data), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
  /** The asset of `token`: its movements on every chain its bridges join, in causal order. */
  const assetOf = async (token: Address, chainId?: number) => {
    const asset = await loadAsset(db, token, chainId);
    if (!asset || movementsOf(asset.history).length === 0)
      throw new HttpError(404, `no transfers of ${token}${chainId === undefined ? "" : ` on chain ${chainId}`} are indexed`);
    return asset;
  };

  app.get("/health", async () => {
    const cursors = await db.selectFrom("indexer_cursor").selectAll().orderBy("chain_id").execute();
    const chains = cursors.map((c) => ({ chainId: Number(c.chain_id), nextBlock: Number(c.next_block) }));
    // chainId and nextBlock: the first chain's (the only one, unless the monitor indexes several).
    return json({ ok: true, chainId: chains[0]?.chainId ?? null, nextBlock: chains[0]?.nextBlock ?? null, chains });
  });

  app.use("*", async (c, next) => {
    const key = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    const refused = (error: string) => c.json(errorBody(c, error), 401);
    if (!key) return refused("an API key is required: Authorization: Bearer <key> (qualified api-key create)");
    const checked = await authenticateKey(keys, key);
    if (!checked.ok) return refused(checked.reason);
    if (!(MONITOR_ROLES as readonly string[]).includes(checked.key.role)) return refused("this API key is not a key of the monitor API");
    c.set("apiKey", checked.key);
    await next();
  });

  app.get("/analytics", async (c) => {
    const q = parse(z.object({ exposure: z.coerce.number().gt(0).lt(1).default(0.25) }), c.req.query());
    // One entry per asset: a token and its bridged tokens on other chains count once, under the home token.
    const assets = await indexedAssets(db);
    const summary = marketSummary(new Map(assets.map((a) => [a.asset.token, movementsOf(a.history)])), q.exposure);
    const chainsOf = new Map(assets.map((a) => [a.asset.token, a.tokens]));
    return json({ ...summary, tokens: summary.tokens.map((t) => ({ ...t, chains: chainsOf.get(t.token) ?? [] })) });
  });

  app.get("/tokens/:token/analytics", async (c) => {
    const token = parse(address, c.req.param("token"), "token");
    const q = parse(
      z.object({
        from: day.optional(),
        to: day.optional(),
        top: z.coerce.number().int().min(1).max(100).default(10),
        period: z.enum(["day", "week", "month"]).default("week"),
        chain,
      }),
      c.req.query(),
    );
    const asset = await assetOf(token, q.chain);
    const movements = movementsOf(asset.history);
    const notes = await loadAnnotations(db);
    const to = q.to === undefined ? Number.POSITIVE_INFINITY : q.to + 86_399;
    const labels = { defi: notes.defi, known: options.labels ?? new Map() };
    const balances = balancesAt(movements);
    const holdings = holdingsAcrossChains(movements);
    return json({
      token,
      asset: asset.asset,
      // The asset's token on each chain, and its supply there, in escrow and in flight (a token never bridged: one chain).
      chains: asset.tokens,
      supplyAcrossChains: supplyAcrossChains(asset.history, asset.tokens),
      // Over the asset: a holder's balances on every chain summed.
      concentration: concentration(balances, [1, 5, q.top]),
      concentrationByChain: [...balancesByChain(movements)].map(([chainId, b]) => ({ chainId, ...concentration(b, [1, 5, q.top]) })),
      flows: netFlowsByCategory(movements, labels, q.from ?? 0, to),
      holders: holdersOverTime(movements),
      activeWallets: activeWalletsPerDay(movements),
      supply: supplyOverTime(movements),
      flowsOverTime: netFlowsOverTime(
        movements.filter((mv) => mv.timestamp >= (q.from ?? 0) && mv.timestamp <= to),
        labels,
        q.period,
      ),
      // Every holder, largest first (addresses are public; the qualifier service alone knows who is behind one),
      // its balances on every chain summed; then each chain's balance of each holder.
      balances: holdings.map(({ holder, balance }) => ({ holder, balance })),
      balancesByChain: holdings.flatMap(({ holder, byChain }) =>
        Object.entries(byChain).map(([chainId, balance]) => ({ chainId: Number(chainId), holder, balance })),
      ),
    });
  });

  app.get("/tokens/:token/trace", async (c) => {
    const token = parse(address, c.req.param("token"), "token");
    const q = parse(z.object({ tx: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte transaction hash"), hops: hops(100, 10), chain }), c.req.query());
    const asset = await assetOf(token);
    const notes = await loadAnnotations(db);
    let trace: ReturnType<typeof traceForward>;
    try {
      trace = traceForward(asset.history, q.tx as Hash, { maxHops: q.hops, chainId: q.chain });
    } catch (e) {
      throw new HttpError(404, (e as Error).message);
    }
    return json({
      ...trace,
      chains: asset.tokens,
      nodes: trace.nodes.map((n) => ({ ...n, qualifiers: notes.qualifiers.get(n.address) ?? [], registeredContract: notes.defi.has(n.address) })),
    });
  });

  app.get("/tokens/:token/sources", async (c) => {
    const token = parse(address, c.req.param("token"), "token");
    const q = parse(z.object({ address, hops: hops(50, 5), chain }), c.req.query());
    const asset = await assetOf(token);
    if (q.chain !== undefined && !asset.tokens.some((t) => t.chainId === q.chain))
      throw new HttpError(404, `${token} has no token on chain ${q.chain}: its chains are ${asset.tokens.map((t) => t.chainId).join(", ")}`);
    return json(traceBackward(asset.history, q.address, { maxHops: q.hops, chainId: q.chain }));
  });

  app.get("/alerts", async (c) => {
    const q = parse(
      z.object({
        severity: z.enum(SEVERITIES).default("info"),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        chain: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      }),
      c.req.query(),
    );
    let alerts = db.selectFrom("alerts").selectAll();
    if (q.chain !== undefined) alerts = alerts.where("chain_id", "=", q.chain);
    const rows = await alerts.orderBy("block_number", "desc").orderBy("log_index", "desc").execute();
    const acks = await acknowledgements(db, notes);
    return json(
      rows
        .filter((r) => atLeast(r.severity as (typeof SEVERITIES)[number], q.severity))
        .slice(0, q.limit)
        .map((r) => ({
          ...r,
          chain_id: Number(r.chain_id),
          block_number: Number(r.block_number),
          details: JSON.parse(r.details),
          acknowledged: acks.get(r.id) ?? null,
        })),
    );
  });

  app.post("/alerts/:id/acknowledge", async (c) => {
    const alertId = c.req.param("id");
    if (c.get("apiKey").role !== MONITOR_OPERATOR_ROLE)
      throw new HttpError(403, "this API key is read-only: acknowledging an alert needs an operator key (qualified api-key create LABEL --role operator)");
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new HttpError(400, 'the body must be JSON: {"note": "..."}');
    }
    const { note } = parse(
      z
        .object({
          note: z.string().trim().min(3, "write a note of at least 3 characters").max(MAX_NOTE_LENGTH, `a note of at most ${MAX_NOTE_LENGTH} characters`),
        })
        .strict(),
      raw,
    );
    if (!notes)
      throw new HttpError(409, "this monitor API keeps no notes: start it with QUALIFIED_MONITOR_NOTES_KEY set (32 bytes, base64) to acknowledge alerts");
    const result = await acknowledgeAlert(db, notes, { alertId, keyId: c.get("apiKey").id, note });
    if (!result.ok)
      throw result.reason === "unknown" ? new HttpError(404, `no alert ${alertId.slice(0, 200)}`) : new HttpError(409, "this alert is already acknowledged");
    return json({ id: alertId, acknowledged: { by: c.get("apiKey").label, at: result.at, note } });
  });

  app.notFound((c) => c.json(errorBody(c, "no such route"), 404));
  app.onError((err, c) => (err instanceof HttpError ? c.json(errorBody(c, err.message), err.status) : internalError(c, err, logger)));
  return app;
}

/** Serves an app (any Hono app) on `hostname:port` (0 picks a free port); resolves once it listens. */
export function serveApi(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  hostname: string,
  port: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
