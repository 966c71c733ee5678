import { Hono, type Context } from "hono";
import { BaseError, HttpRequestError, TimeoutError } from "viem";
import { serveStatic } from "@hono/node-server/serve-static";
import { secureHeaders } from "hono/secure-headers";
import { redactUrl, securityTokenAbi, type Connection, type Deployment } from "../../sdk/index.js";
import type { StressReport } from "../../stress/types.js";
import { errorBody, internalError, requestLogging } from "../../logging/http.js";
import { createLogger, type Logger } from "../../logging/logger.js";
import { proxyTo } from "./proxy.js";
import { ChainInputError, chainRoutes } from "./chain.js";

export interface ConsoleOptions {
  /** The built web application (dist/console). */
  staticDir: string;
  monitorUrl?: string;
  qualifierUrl?: string;
  /** Read-only chain views, when the console has a node and a deployment. */
  chain?: { connection: Connection; deployment: Deployment };
  /** A `qualified stress` report: the Stress view exists only with one. */
  stress?: StressReport;
  logger?: Logger;
  /**
   * The host names this console answers to (the Host header, port aside). Any other is refused with 421, so a page
   * on another name cannot reach it through DNS rebinding. Default: the loopback names.
   */
  hosts?: string[];
}

/** The names a console listening on the loopback interface is reached by. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** What the web application asks first: which services and views this console has. */
export interface ConsoleConfig {
  monitor: boolean;
  qualifier: boolean;
  chain: { chainId: number; tokens: { address: string; symbol: string; decimals: number }[] } | null;
  stress: boolean;
}

/**
 * The web console's server: the built application, the two services behind one origin (`/api/monitor/*`,
 * `/api/qualifier/*`, each with the caller's own API key), read-only chain views (`/api/chain/*`) and the
 * stress report. It holds no private key and no API key of its own.
 */
export function createConsoleApp(options: ConsoleOptions) {
  const app = new Hono<{ Variables: { requestId: string } }>();
  const logger = options.logger ?? createLogger({ name: "console" });
  app.use("*", requestLogging(logger));
  const hosts = new Set((options.hosts ?? LOOPBACK_HOSTS).map((h) => h.toLowerCase()));
  app.use("*", async (c, next) => {
    const host = hostName(c.req.header("host") ?? new URL(c.req.url).host);
    if (host === undefined || !hosts.has(host))
      return c.json(
        errorBody(
          c,
          `${(host ?? "a request without a Host header").slice(0, 100)} is not the host this console serves: open it at ${[...hosts].join(" or ")}, or start it with --allowed-host`,
        ),
        421,
      );
    await next();
  });
  // Everything is bundled: scripts, styles, fonts and data come from this origin only.
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );

  // The deployment's tokens with their decimals, read once from the chain.
  let tokens: Promise<{ address: string; symbol: string; decimals: number }[]> | undefined;
  const tokenList = (chain: NonNullable<ConsoleOptions["chain"]>) =>
    (tokens ??= Promise.all(
      chain.deployment.tokens.map(async (t) => ({
        address: t.address,
        symbol: t.symbol,
        decimals: Number(await chain.connection.publicClient.readContract({ address: t.address, abi: securityTokenAbi, functionName: "decimals" })),
      })),
    ).catch((e) => {
      tokens = undefined;
      throw e;
    }));
  // Read at start, so the first page does not wait for the node.
  if (options.chain) tokenList(options.chain).catch(() => undefined);
  app.get("/api/console/config", async (c) =>
    c.json({
      monitor: Boolean(options.monitorUrl),
      qualifier: Boolean(options.qualifierUrl),
      chain: options.chain ? { chainId: options.chain.connection.chain.id, tokens: await tokenList(options.chain) } : null,
      stress: Boolean(options.stress),
    } satisfies ConsoleConfig),
  );
  const absent = (what: string, flag: string) => (c: Context) => c.json(errorBody(c, `this console has no ${what}: start it with ${flag}`), 404);
  if (options.monitorUrl)
    app.all("/api/monitor/*", proxyTo({ name: "the monitor API", url: options.monitorUrl, start: "start it with `qualified api`" }, "/api/monitor"));
  else app.all("/api/monitor/*", absent("monitor API", "--monitor-url URL"));
  if (options.qualifierUrl)
    app.all(
      "/api/qualifier/*",
      proxyTo({ name: "the qualifier service", url: options.qualifierUrl, start: "start it with `qualified qualifier serve`" }, "/api/qualifier"),
    );
  else app.all("/api/qualifier/*", absent("qualifier service", "--qualifier-url URL"));
  if (options.chain) app.route("/api/chain", chainRoutes(options.chain.connection, options.chain.deployment));
  else app.all("/api/chain/*", absent("chain", "--rpc URL --deployment FILE"));
  const stress = options.stress;
  if (stress) app.get("/api/stress", (c) => c.json(stress));
  else app.get("/api/stress", absent("stress report", "--stress-report FILE"));
  app.all("/api/*", (c) => c.json(errorBody(c, "no such route"), 404));

  app.use("/*", serveStatic({ root: options.staticDir }));
  app.get("/", serveStatic({ root: options.staticDir, path: "index.html" }));
  app.notFound((c) => c.json(errorBody(c, "no such page: the console lives at /"), 404));
  app.onError((err, c) => {
    if (err instanceof ChainInputError) return c.json(errorBody(c, err.message), 400);
    const lost = nodeLost(err);
    if (lost !== undefined) {
      logger.warn({ requestId: c.get("requestId"), path: c.req.routePath ?? "" }, "the node does not answer");
      return c.json(errorBody(c, `the node does not answer (${lost}): is \`qualified node\` still running?`), 502);
    }
    return internalError(c, err, logger);
  });
  return app;
}

/** The node's URL (redacted) when `error` comes from a node that does not answer; undefined for any other error. */
function nodeLost(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const cause = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) as HttpRequestError | TimeoutError | null;
  return cause ? redactUrl(cause.url) : undefined;
}

/** The host name of a Host header ("name", "name:port", "[v6]:port"), lower-case; undefined when absent or malformed. */
function hostName(header: string | undefined): string | undefined {
  const match = header
    ?.trim()
    .toLowerCase()
    .match(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/);
  return match?.[1];
}
