import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { QualifiedError } from "../../sdk/index.js";
import { parseInteger } from "../parse.js";
import { DEFAULT_DEPLOYMENT, DEFAULT_RPC } from "../options.js";

interface ConsoleCommandOptions {
  host: string;
  port: string;
  monitorUrl?: string;
  qualifierUrl?: string;
  rpc?: string;
  deployment?: string;
  stressReport?: string;
  allowedHost: string[];
}

/** The host names the console answers to: the loopback names on loopback, else the interface and every --allowed-host. */
function consoleHosts(host: string, allowed: string[]): string[] {
  const loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host.toLowerCase());
  const wildcard = host === "0.0.0.0" || host === "::" || host === "[::]";
  if (wildcard && allowed.length === 0)
    throw new QualifiedError(`--host ${host} listens on every interface: name each host the console is opened at with --allowed-host NAME`);
  const named = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return [...(loopback ? ["127.0.0.1", "localhost", "[::1]"] : wildcard ? [] : [named]), ...allowed];
}

/** A service URL as given: http(s) only, shown without credentials. */
function serviceUrl(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new QualifiedError(`${flag} "${value.slice(0, 100)}" is not a URL (like http://127.0.0.1:8080)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new QualifiedError(`${flag} must be an http:// or https:// URL`);
  if (url.username || url.password) throw new QualifiedError(`${flag} must not carry a user or password: each person signs in with an API key in the console`);
  return url.href;
}

/** `qualified console`: the web console over the monitor API, the qualifier service and the chain. */
export function addConsoleCommand(program: Command): void {
  program
    .command("console")
    .description("serve the web console: overview, token analytics, alerts, traces, the qualifier desk, governance map (and stress, with a report)")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8088")
    .option(
      "--allowed-host <name>",
      "a host name the console is opened at, besides the one it listens on (repeatable); other Host headers are refused",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option("--monitor-url <url>", "the monitor API (qualified api), proxied under /api/monitor")
    .option("--qualifier-url <url>", "the qualifier service (qualified qualifier serve), proxied under /api/qualifier")
    .option("--rpc <url>", `JSON-RPC endpoint for the chain views (default ${DEFAULT_RPC} when the deployment file exists)`)
    .option("--deployment <file>", `deployment file for the chain views (default ${DEFAULT_DEPLOYMENT} when it exists)`)
    .option("--stress-report <file>", "a qualified stress report (JSON): adds the Stress view")
    .action(async (opts: ConsoleCommandOptions) => {
      const port = parseInteger(opts.port, "port", 0, 65535);
      const hosts = consoleHosts(opts.host, opts.allowedHost);
      const monitorUrl = serviceUrl(opts.monitorUrl, "--monitor-url");
      const qualifierUrl = serviceUrl(opts.qualifierUrl, "--qualifier-url");
      const staticDir = join(import.meta.dirname, "..", "..", "console", "web");
      if (!existsSync(join(staticDir, "index.html"))) throw new QualifiedError(`the console is not built (no ${staticDir}/index.html): run npm run build`);
      const { connectRpc } = await import("../../sdk/index.js");
      const { readDeployment } = await import("../../sdk/node.js");
      const { readStressReport } = await import("../../console/server/stress.js");
      const { createConsoleApp } = await import("../../console/server/app.js");
      const { serveApi } = await import("../../api/server.js");

      const deploymentFile = opts.deployment ?? (opts.rpc || existsSync(DEFAULT_DEPLOYMENT) ? DEFAULT_DEPLOYMENT : undefined);
      const chain = deploymentFile ? { deployment: readDeployment(deploymentFile), connection: await connectRpc(opts.rpc ?? DEFAULT_RPC) } : undefined;
      const stress = opts.stressReport ? readStressReport(opts.stressReport) : undefined;
      const server = await serveApi(createConsoleApp({ staticDir, monitorUrl, qualifierUrl, chain, stress, hosts }), opts.host, port);
      const parts = [
        `monitor ${monitorUrl ? "proxied" : "off (--monitor-url)"}`,
        `qualifier ${qualifierUrl ? "proxied" : "off (--qualifier-url)"}`,
        `chain ${chain ? `chain ${chain.connection.chain.id}` : "off (--rpc, --deployment)"}`,
        `stress ${stress ? "on" : "off"}`,
      ];
      console.log(`console on ${server.url}/ (${parts.join("; ")})`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await server.close();
    });
}
