import { Command, CommanderError } from "commander";
import { formatUnits } from "viem";
import { startEmbeddedChain, serveChain } from "../chain/embedded.js";
import { castFrom, runDemo } from "../demo/story.js";
import { loadOfacAddresses } from "../demo/ofac.js";
import {
  QualifiedError,
  checkTransfer,
  connectProvider,
  connectRpc,
  deploySystem,
  explainError,
  readDeployment,
  registerContract,
  contractRegistration,
  securityTokenAbi,
  tokenStatus,
  unlockedAccounts,
  writeDeployment,
  type Connection,
  type Signer,
} from "../sdk/index.js";
import { addQualifierCommands } from "./qualifier.js";
import { addApiKeyCommands } from "./api-keys.js";
import { redactSecrets, redactUrl } from "../sdk/redact.js";
import { inspect } from "node:util";
import { assertAmountFormat, parseAddress, parseAmount, parseInteger, parsePrivateKey } from "./parse.js";

const DEFAULT_RPC = "http://127.0.0.1:8545";
const DEFAULT_DEPLOYMENT = "deployments/local.json";

/** The signer for operator commands: --private-key / QUALIFIED_PRIVATE_KEY, else the node's first unlocked account. */
async function operator(connection: Connection, privateKey?: string): Promise<Signer> {
  const key = privateKey ?? process.env.QUALIFIED_PRIVATE_KEY;
  if (key) return connection.signer(parsePrivateKey(key));
  const [first] = await unlockedAccounts(connection);
  if (!first) throw new QualifiedError("the node holds no unlocked account: give --private-key or set QUALIFIED_PRIVATE_KEY");
  return connection.signer(first);
}

async function signersOf(connection: Connection): Promise<Signer[]> {
  return (await unlockedAccounts(connection)).map((a) => connection.signer(a));
}

export function buildProgram(): Command {
  const program = new Command()
    .name("qualified")
    .description("DeFi-ready securities: tokens that move only between qualified wallets.")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();

  program
    .command("demo")
    .description("run the whole story on an embedded chain (or --rpc): governance, issuer, qualifiers, trades, a Uniswap pool, enforcement")
    .option("--rpc <url>", "use this development node instead of an embedded chain (needs 20 unlocked accounts)")
    .action(async (opts: { rpc?: string }) => {
      const started = Date.now();
      let close = async () => {};
      let connection: Connection;
      if (opts.rpc) {
        connection = await connectRpc(opts.rpc);
        console.log(`Qualified demo on ${redactUrl(opts.rpc)} (chain ${connection.chain.id})`);
      } else {
        const chain = await startEmbeddedChain();
        close = chain.close;
        connection = await connectProvider(chain.provider);
        console.log("Qualified demo on an embedded chain (Hardhat EDR, in process)");
      }
      try {
        await runDemo(connection, castFrom(await signersOf(connection)), {
          sanctionedAddresses: loadOfacAddresses(),
          log: (line) => console.log(line),
        });
        console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      } finally {
        await close();
      }
    });

  program
    .command("node")
    .description("serve a local chain on 127.0.0.1 with the system deployed and a deployment file written; stays up")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8545")
    .option("--deployment <file>", "where to write the deployment file", DEFAULT_DEPLOYMENT)
    .action(async (opts: { host: string; port: string; deployment: string }) => {
      const port = parseInteger(opts.port, "port", 1, 65535);
      const server = await serveChain(opts.host, port);
      const connection = await connectRpc(server.url);
      const signers = await signersOf(connection);
      const deployment = await deploySystem(connection, signers[0], {
        governanceOwners: signers.slice(1, 4).map((s) => s.account.address),
        onProgress: (line) => console.log(`  ${line}`),
      });
      writeDeployment(opts.deployment, deployment);
      console.log(`\nJSON-RPC on ${server.url} (chain ${connection.chain.id}); deployment written to ${opts.deployment}`);
      console.log("Governance Safe owners are the node's accounts 1-3. Press Ctrl+C to stop.");
      await server.closed();
    });

  program
    .command("deploy")
    .description("deploy the registries, a governance Safe and its timelock onto any JSON-RPC endpoint")
    .option("--rpc <url>", "JSON-RPC endpoint", DEFAULT_RPC)
    .option("--private-key <hex>", "deployer key (default: QUALIFIED_PRIVATE_KEY, else the node's first unlocked account)")
    .requiredOption("--owners <addresses>", "comma-separated owners of the governance Safe")
    .option("--threshold <n>", "signatures the governance Safe needs (default: 2, or 1 with a single owner)")
    .option("--delay <seconds>", "timelock delay for governance changes", "3600")
    .option("--out <file>", "where to write the deployment file", DEFAULT_DEPLOYMENT)
    .action(async (opts: { rpc: string; privateKey?: string; owners: string; threshold?: string; delay: string; out: string }) => {
      const owners = opts.owners.split(",").map((o, i) => parseAddress(o.trim(), `owner ${i + 1}`));
      const threshold = parseInteger(opts.threshold ?? String(Math.min(2, owners.length)), "threshold", 1, owners.length);
      if (opts.privateKey) parsePrivateKey(opts.privateKey);
      const delay = parseInteger(opts.delay, "delay", 0, 365 * 24 * 3600);
      const connection = await connectRpc(opts.rpc);
      const deployment = await deploySystem(connection, await operator(connection, opts.privateKey), {
        governanceOwners: owners,
        governanceThreshold: threshold,
        timelockDelay: delay,
        onProgress: (line) => console.log(`  ${line}`),
      });
      writeDeployment(opts.out, deployment);
      console.log(`deployment written to ${opts.out}`);
    });

  program
    .command("status")
    .description("show a token: supply, policy, issuer, disclosure, whether it is DeFi-ready and where")
    .argument("<token>", "token address")
    .option("--rpc <url>", "JSON-RPC endpoint", DEFAULT_RPC)
    .option("--deployment <file>", "deployment file", DEFAULT_DEPLOYMENT)
    .action(async (tokenArg: string, opts: { rpc: string; deployment: string }) => {
      const token = parseAddress(tokenArg, "token");
      const deployment = readDeployment(opts.deployment);
      const s = await tokenStatus(await connectRpc(opts.rpc), deployment, token);
      console.log(`${s.name} (${s.symbol}) ${s.address}`);
      console.log(`  supply      ${formatUnits(s.totalSupply, s.decimals)}${s.paused ? " (paused)" : ""}`);
      console.log(`  issuer      ${s.issuer}`);
      console.log(`  verifier    ${s.verifier}`);
      console.log(`  DeFi-ready  ${s.defiReady ? `yes, in ${s.jurisdictions.join(", ")} (regulators ${s.regulators.join(", ")})` : "no"}`);
      console.log(`  disclosure  ${s.disclosure.classification || "-"}, ${s.disclosure.jurisdiction || "-"}, ${s.disclosure.documentUri || "-"}`);
    });

  program
    .command("check")
    .description("pre-flight a transfer: would it go through now, and if not, why")
    .argument("<token>", "token address")
    .argument("<from>", "sender")
    .argument("<to>", "recipient")
    .argument("<amount>", "amount in whole tokens, e.g. 100 or 12.5")
    .option("--rpc <url>", "JSON-RPC endpoint", DEFAULT_RPC)
    .action(async (tokenArg: string, fromArg: string, toArg: string, amountArg: string, opts: { rpc: string }) => {
      const token = parseAddress(tokenArg, "token");
      const from = parseAddress(fromArg, "sender");
      const to = parseAddress(toArg, "recipient");
      assertAmountFormat(amountArg);
      const connection = await connectRpc(opts.rpc);
      let decimals: number;
      try {
        decimals = await connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "decimals" });
      } catch {
        throw new QualifiedError(`${token} is not a token on chain ${connection.chain.id}`);
      }
      const amount = parseAmount(amountArg, decimals);
      const result = await checkTransfer(connection, { token, from, to, amount });
      console.log(result.allowed ? "allowed" : `refused (code ${result.code}): ${result.message}`);
      if (!result.allowed) process.exitCode = 2;
    });

  program
    .command("register")
    .description(
      "register a deployed contract (a pool, a vault) so it can hold tokens: vetted code is eligible at once; other code needs a credentialed registrant and waits out a challenge window",
    )
    .argument("<contract>", "contract address")
    .option("--rpc <url>", "JSON-RPC endpoint", DEFAULT_RPC)
    .option("--deployment <file>", "deployment file", DEFAULT_DEPLOYMENT)
    .option("--private-key <hex>", "registrant key (default: QUALIFIED_PRIVATE_KEY, else the node's first unlocked account)")
    .action(async (contractArg: string, opts: { rpc: string; deployment: string; privateKey?: string }) => {
      const target = parseAddress(contractArg, "contract");
      const deployment = readDeployment(opts.deployment);
      const connection = await connectRpc(opts.rpc);
      const hash = await registerContract(connection, deployment, await operator(connection, opts.privateKey), { target });
      const filed = await contractRegistration(connection, deployment, target);
      const when = new Date(filed.windowEndsAt * 1000).toISOString();
      console.log(
        filed.status === "registered"
          ? `registered ${target}: eligible now${filed.vetted ? " (vetted code)" : ""} (transaction ${hash})`
          : `registered ${target}: in its challenge window until ${when}, eligible then unless a guardian blocks it (transaction ${hash})`,
      );
    });

  program
    .command("monitor")
    .description("index every event of the registries and listed tokens into a database (backfill, then follow)")
    .option("--rpc <url>", "JSON-RPC endpoint", DEFAULT_RPC)
    .option("--deployment <file>", "deployment file", DEFAULT_DEPLOYMENT)
    .option("--db <url>", "SQLite file, or postgres://user:pass@host/db", "data/monitor.sqlite")
    .option("--from-block <n>", "first block to index on a new database", "0")
    .option("--to-block <n>", "stop after this block")
    .option("--batch-size <n>", "blocks per log request", "2000")
    .option("--once", "stop at the chain head instead of following it")
    .option("--rules <file>", "alert rules and webhooks (JSON); default: every rule at its default severity")
    .action(async (opts: { rpc: string; deployment: string; db: string; fromBlock: string; toBlock?: string; batchSize: string; once?: boolean; rules?: string }) => {
      const fromBlock = parseInteger(opts.fromBlock, "from-block", 0, Number.MAX_SAFE_INTEGER);
      const toBlock = opts.toBlock === undefined ? undefined : parseInteger(opts.toBlock, "to-block", 0, Number.MAX_SAFE_INTEGER);
      const batchSize = parseInteger(opts.batchSize, "batch-size", 1, 100_000);
      const deployment = readDeployment(opts.deployment);
      const connection = await connectRpc(opts.rpc);
      const { openDatabase } = await import("../storage/database.js");
      const { migrateMonitor } = await import("../monitor/schema.js");
      const { runIndexer } = await import("../monitor/indexer.js");
      const { loadAlertConfig } = await import("../monitor/alerts/config.js");
      const { AlertEngine } = await import("../monitor/alerts/engine.js");
      const { deliverWebhooks, formatAlert } = await import("../monitor/alerts/deliver.js");
      const rules = loadAlertConfig(opts.rules);
      const database = openDatabase<import("../monitor/schema.js").MonitorSchema>(opts.db);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await migrateMonitor(database.db);
        console.log(`monitoring chain ${connection.chain.id} into ${database.engine} (${redactUrl(opts.db)})`);
        const alerts = new AlertEngine(database.db, rules);
        const raiseAlerts = async () => {
          for (const a of await alerts.process()) console.log(formatAlert(a));
          if (rules.webhooks.length > 0) await deliverWebhooks(database.db, rules);
        };
        let lastPrint = 0;
        const result = await runIndexer(connection, database.db, deployment, {
          fromBlock,
          toBlock,
          batchSize,
          follow: !opts.once && toBlock === undefined,
          signal: stop.signal,
          onProgress: async (p) => {
            if (Date.now() - lastPrint >= 200 || p.block >= p.head) {
              lastPrint = Date.now();
              const pct = p.head > 0 ? ((100 * p.block) / p.head).toFixed(1) : "100.0";
              console.log(`indexed to block ${p.block}/${p.head} (${pct}%), ${p.events} events, ${p.eventsPerSecond.toFixed(0)} events/s`);
            }
            await raiseAlerts();
          },
          onReorg: async (r) => {
            console.log(`reorg at block ${r.detectedAt}: rewound to ${r.rewoundTo}, removed ${r.removedEvents} events`);
            await alerts.reset(r.rewoundTo);
          },
        });
        console.log(`stopped before block ${result.nextBlock}; ${result.events} events indexed this run`);
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await database.close();
      }
    });

  program
    .command("analytics")
    .description("holders, concentration (top-N, HHI, Nakamoto), net flows by counterparty category, active wallets; without a token, across tokens")
    .argument("[token]", "token address (omit for every indexed token)")
    .option("--db <url>", "the monitor's database", "data/monitor.sqlite")
    .option("--labels <file>", "JSON label file: address -> { category: exchange | custodian | bridge, name }")
    .option("--from <date>", "start of the window for flows (YYYY-MM-DD)")
    .option("--to <date>", "end of the window for flows (YYYY-MM-DD, inclusive)")
    .option("--format <format>", "table, json or csv", "table")
    .action(async (tokenArg: string | undefined, opts: { db: string; labels?: string; from?: string; to?: string; format: string }) => {
      if (!["table", "json", "csv"].includes(opts.format)) throw new QualifiedError(`format "${opts.format}" must be table, json or csv`);
      if (tokenArg === undefined) {
        const { marketReport } = await import("./analytics-report.js");
        console.log(await marketReport({ database: opts.db, format: opts.format as "table" | "json" | "csv" }));
        return;
      }
      const token = parseAddress(tokenArg, "token");
      const from = opts.from ? parseDay(opts.from, "from") : 0;
      const to = opts.to ? parseDay(opts.to, "to") + 86_399 : Number.POSITIVE_INFINITY;
      const { report } = await import("./analytics-report.js");
      console.log(await report({ database: opts.db, token, labelsFile: opts.labels, from, to, format: opts.format as "table" | "json" | "csv" }));
    });

  program
    .command("trace")
    .description("follow a bad transfer forward (proportional taint) or an address's sources backward, across hops")
    .requiredOption("--token <address>", "token address")
    .option("--tx <hash>", "the bad transfer's transaction (forward trace)")
    .option("--address <address>", "trace this wallet's sources backward")
    .option("--hops <n>", "how many hops to follow", "10")
    .option("--db <url>", "the monitor's database", "data/monitor.sqlite")
    .option("--out <file>", "also write the trace as JSON to this file")
    .action(async (opts: { token: string; tx?: string; address?: string; hops: string; db: string; out?: string }) => {
      const token = parseAddress(opts.token, "token");
      if (Boolean(opts.tx) === Boolean(opts.address)) throw new QualifiedError("give either --tx (forward) or --address (backward)");
      if (opts.tx && !/^0x[0-9a-fA-F]{64}$/.test(opts.tx)) throw new QualifiedError(`transaction "${opts.tx}" is not a 32-byte hash`);
      const address = opts.address ? parseAddress(opts.address, "address") : undefined;
      const hops = parseInteger(opts.hops, "hops", 1, 100);
      const { traceReport } = await import("./trace-report.js");
      console.log(await traceReport({ database: opts.db, token, tx: opts.tx as `0x${string}` | undefined, address, hops, out: opts.out }));
    });

  program
    .command("api")
    .description("serve the monitor's analytics, traces and alerts over HTTP (JSON)")
    .option("--db <url>", "the monitor's database", "data/monitor.sqlite")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8080")
    .option("--labels <file>", "JSON label file for counterparty categories")
    .action(async (opts: { db: string; host: string; port: string; labels?: string }) => {
      const port = parseInteger(opts.port, "port", 0, 65535);
      const { openDatabase } = await import("../storage/database.js");
      const { migrateMonitor } = await import("../monitor/schema.js");
      const { createApi, serveApi } = await import("../api/server.js");
      const { parseLabelFile } = await import("../analytics/flows.js");
      const { readFileSync } = await import("node:fs");
      let labels;
      if (opts.labels) {
        try {
          labels = parseLabelFile(JSON.parse(readFileSync(opts.labels, "utf8")));
        } catch (e) {
          throw new QualifiedError(`label file ${opts.labels}: ${(e as Error).message}`);
        }
      }
      const { migrateApiKeys } = await import("../auth/api-keys.js");
      const database = openDatabase<import("../monitor/schema.js").MonitorSchema>(opts.db);
      await migrateMonitor(database.db);
      await migrateApiKeys(database.db as never);
      const server = await serveApi(createApi(database.db, { labels }), opts.host, port);
      console.log(`API on ${server.url} (API key needed but for /health: qualified api-key create): /health, /tokens/:token/analytics, /tokens/:token/trace?tx=, /tokens/:token/sources?address=, /alerts`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
      await database.close();
    });

  addApiKeyCommands(program);
  addQualifierCommands(program);
  return program;
}

function parseDay(value: string, what: string): number {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms)) throw new QualifiedError(`${what} "${value}" is not a date like 2026-11-21`);
  return ms / 1000;
}

/** Runs the CLI. Every failure is one line on stderr and a non-zero exit code, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help); keep its exit code.
      process.exitCode = error.exitCode;
      return;
    }
    console.error(`qualified: ${explainError(error)}`);
    if (process.env.QUALIFIED_DEBUG) console.error(redactSecrets(inspect(error)));
    process.exitCode = 1;
  }
}
