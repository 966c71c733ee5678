/**
 * The monitor against Ponder 1.x, side by side: backfill of one token's Transfer history on a local node served over
 * JSON-RPC (both indexers read the same endpoint), cold (a fresh database every run), several runs each, medians.
 *
 *   npm run bench:indexer
 *
 * BENCH_RUNS=3 for fewer runs, BENCH_HISTORIES=dense for one history, BENCH_INDEXERS=monitorSqlite for some
 * indexers only, BENCH_CPU_PROF=<dir> to write a CPU profile of every monitor run (node --cpu-prof),
 * BENCH_SERVE=1 BENCH_HISTORIES=dense to generate a history and keep its node up (for profiling by hand).
 *
 * Histories: dense (20,000 transfers in 40 blocks) and sparse (10,000 transfers in 10,000 blocks). Timed from the
 * first indexing step to caught up, each by its own log: the monitor from "monitoring chain" (after its migrations)
 * to "stopped before block"; Ponder from "Started 'local' historical sync" to "Completed historical indexing" (its
 * JSON log times). Writes bench/results/indexer.json (medians) and bench/results/indexer-runs.json (every run).
 * Ponder is installed into bench/ponder (its own package.json) when missing; it is not a dependency of Qualified.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { encodeFunctionData, keccak256, numberToHex, toHex, type Address } from "viem";
import {
  admitQualifierCall,
  connectRpc,
  deployToken,
  governViaTimelock,
  issueCredentials,
  securityTokenAbi,
  send,
  unlockedAccounts,
  type Connection,
} from "../src/sdk/index.js";
import { readDeployment, writeDeployment } from "../src/sdk/node.js";
import { openDatabase } from "../src/storage/database.js";
import type { MonitorSchema } from "../src/monitor/schema.js";

type History = "dense" | "sparse";
type Indexer = "monitorSqlite" | "monitorPostgres" | "ponderPglite" | "ponderPostgres";
const ALL_INDEXERS: Indexer[] = ["monitorSqlite", "monitorPostgres", "ponderPglite", "ponderPostgres"];
const INDEXERS = (process.env.BENCH_INDEXERS?.split(",") as Indexer[] | undefined) ?? ALL_INDEXERS;
const SHAPES: Record<History, { transfers: number; perBlock: number }> = {
  dense: { transfers: 20_000, perBlock: 500 },
  sparse: { transfers: 10_000, perBlock: 1 },
};
/** Ponder treats the last 30 blocks of chain 31337 as unfinalised: the history ends further back than that. */
const EMPTY_BLOCKS_AFTER = 40;

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "..");
const BIN = join(ROOT, "bin", "qualified.js");
const PONDER_DIR = join(here, "ponder");
const PONDER_BIN = join(PONDER_DIR, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HISTORIES = (process.env.BENCH_HISTORIES?.split(",") ?? ["dense", "sparse"]) as History[];
const work = mkdtempSync(join(tmpdir(), "qualified-bench-indexer-"));
const children = new Set<ChildProcess>();
let pgDir: string | undefined; // the PostgreSQL server this benchmark started, if any
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

ensurePonder();
const pgUrl = process.env.QUALIFIED_TEST_PG_URL ?? startPostgres();
const results: Record<string, Record<string, number>> = {};
const runs: Record<string, Record<string, number[]>> = {};
const loads: number[][] = [];

for (const history of HISTORIES) {
  const node = await startNode(join(work, history));
  const chain = await generate(history, node.url, join(work, history));
  if (process.env.BENCH_SERVE) {
    // For profiling by hand: keep the node with its history up instead of measuring.
    console.log(`serving ${history} on ${node.url}; deployment ${chain.deploymentFile}, token ${chain.token}, start block ${chain.startBlock}. Ctrl+C stops.`);
    await new Promise(() => {});
  }
  runs[history] = Object.fromEntries(INDEXERS.map((i) => [i, []]));
  // Round-robin, so that a busy moment of the shared machine weighs on every indexer alike.
  for (let run = 1; run <= RUNS; run++) {
    loads.push(loadavg());
    for (const indexer of INDEXERS) {
      const seconds = indexer.startsWith("monitor")
        ? await monitorRun(indexer === "monitorSqlite" ? "sqlite" : "postgres", node.url, chain)
        : await ponderRun(indexer === "ponderPglite" ? "pglite" : "postgres", node.url, chain);
      runs[history][indexer].push(seconds);
      console.log(`  ${history} run ${run}/${RUNS} ${indexer.padEnd(16)} ${seconds.toFixed(2)} s`);
    }
  }
  results[history] = { events: chain.transfers, ...Object.fromEntries(INDEXERS.map((i) => [`${i}S`, round(median(runs[history][i]))])) };
  node.child.kill("SIGTERM");
  children.delete(node.child);
}

// Only a complete measurement (every indexer, both histories) replaces the committed figures.
if (INDEXERS.length === ALL_INDEXERS.length && HISTORIES.length === 2) {
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results", "indexer.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    join(here, "results", "indexer-runs.json"),
    `${JSON.stringify({ runs, loadAverages: loads.map((l) => l.map(round)), measuredAt: new Date().toISOString(), machine: "2 cores, shared" }, null, 2)}\n`,
  );
  console.log("wrote bench/results/indexer.json and bench/results/indexer-runs.json");
}
console.log("\n| history | events | monitor SQLite | monitor PostgreSQL | Ponder PGlite | Ponder PostgreSQL |\n|---|---|---|---|---|---|");
for (const [h, r] of Object.entries(results)) {
  console.log(`| ${h} | ${r.events} | ${r.monitorSqliteS} s | ${r.monitorPostgresS} s | ${r.ponderPgliteS} s | ${r.ponderPostgresS} s |`);
}
if (!process.env.QUALIFIED_TEST_PG_URL) spawnSync("bash", [join(ROOT, "scripts", "start-postgres.sh"), "stop", pgDir!]);
process.exit(0);

interface Chain {
  deploymentFile: string;
  token: Address;
  startBlock: number;
  head: number;
  transfers: number;
}

/** Deploys a token and gives it the history's shape of transfers, then mines the empty blocks Ponder needs. */
async function generate(history: History, url: string, dir: string): Promise<Chain> {
  const started = Date.now();
  const connection = await connectRpc(url, 60_000);
  const deployment = readDeployment(join(dir, "node.json"));
  const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
  const [, o1, o2, issuer, qualifier] = [signers[0], signers[1], signers[2], signers[4], signers[5]];
  const holders = signers.slice(6).map((s) => s.account.address);
  await governViaTimelock(connection, {
    deployment,
    calls: [admitQualifierCall({ deployment, account: qualifier.account.address, name: "Alpha", classes: [1] })],
    signers: [o1, o2],
  });
  const expiresAt = Number((await connection.publicClient.getBlock()).timestamp) + 365 * 86_400;
  await issueCredentials(connection, {
    deployment,
    actor: qualifier,
    requests: holders.map((holder) => ({ holder, classId: 1, jurisdiction: "CH", expiresAt })),
  });
  const token = await deployToken(connection, {
    deployer: issuer,
    deployment,
    token: {
      name: "Bench",
      symbol: "BNC",
      issuer: issuer.account.address,
      acceptedClasses: [1],
      disclosure: { classification: "bond", jurisdiction: "CH", documentUri: "", documentHash: keccak256(toHex("doc")) },
    },
  });
  const startBlock = Number(await connection.publicClient.getBlockNumber({ cacheTime: 0 }));
  const { transfers, perBlock } = SHAPES[history];
  if (perBlock > 1) {
    for (let i = 0; i < transfers / perBlock; i++) {
      const to = Array.from({ length: perBlock }, (_, j) => holders[(i * perBlock + j) % holders.length]);
      const data = encodeFunctionData({ abi: securityTokenAbi, functionName: "batchMint", args: [to, to.map(() => 1n)] });
      await send(connection, { actor: issuer, to: token.address, data, what: "batch mint" });
    }
  } else {
    // One mint per transaction, each mined in its own block (automine); sent 100 at a time.
    for (let i = 0; i < transfers; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, transfers - i) }, (_, j) =>
          rawSend(
            connection,
            issuer.account.address,
            token.address,
            encodeFunctionData({ abi: securityTokenAbi, functionName: "mint", args: [holders[(i + j) % holders.length], 1n] }),
          ),
        ),
      );
    }
  }
  await connection.publicClient.request({ method: "hardhat_mine" as never, params: [numberToHex(EMPTY_BLOCKS_AFTER)] as never });
  const head = Number(await connection.publicClient.getBlockNumber({ cacheTime: 0 }));
  const deploymentFile = join(dir, "deployment.json");
  writeDeployment(deploymentFile, deployment);
  console.log(
    `${history}: ${transfers.toLocaleString("en-US")} transfers in blocks ${startBlock + 1}-${head - EMPTY_BLOCKS_AFTER}, head ${head} (generated in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  return { deploymentFile, token: token.address, startBlock, head, transfers };
}

async function rawSend(connection: Connection, from: Address, to: Address, data: `0x${string}`) {
  const hash = (await connection.publicClient.request({
    method: "eth_sendTransaction" as never,
    params: [{ from, to, data, gas: numberToHex(300_000) }] as never,
  })) as `0x${string}`;
  const receipt = await connection.publicClient.request({ method: "eth_getTransactionReceipt", params: [hash] });
  if (receipt?.status !== "0x1") throw new Error(`mint ${hash} failed`);
}

/** One cold run of `qualified monitor --once`: seconds from its first indexing step to caught up. */
async function monitorRun(engine: "sqlite" | "postgres", url: string, chain: Chain): Promise<number> {
  const db = engine === "sqlite" ? join(mkdtempSync(join(work, "monitor-")), "monitor.sqlite") : await freshPostgres(pgUrl);
  const marks = await runUntil(
    process.execPath,
    [...cpuProfile(), BIN, "monitor", "--rpc", url, "--deployment", chain.deploymentFile, "--db", db, "--once"],
    ROOT,
    {},
    (line, at, marks) => {
      if (/^monitoring chain/.test(line)) marks.start = at;
      if (/^stopped before block/.test(line)) marks.end = at;
    },
  );
  const database = openDatabase<MonitorSchema>(db);
  const stored = (
    await database.db
      .selectFrom("transfers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("token", "=", chain.token)
      .executeTakeFirstOrThrow()
  ).n;
  await database.close();
  if (Number(stored) !== chain.transfers) throw new Error(`the monitor stored ${stored} transfers, expected ${chain.transfers}`);
  return (marks.end - marks.start) / 1000;
}

/** One cold run of `ponder start`: seconds from its historical sync start to historical indexing complete. */
async function ponderRun(database: "pglite" | "postgres", url: string, chain: Chain): Promise<number> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const env: Record<string, string> = { BENCH_RPC_URL: url, BENCH_TOKEN: chain.token, BENCH_START_BLOCK: String(chain.startBlock) };
  if (database === "postgres") env.DATABASE_URL = await freshPostgres(pgUrl);
  else env.BENCH_PGLITE_DIR = mkdtempSync(join(work, "pglite-"));
  rmSync(join(PONDER_DIR, ".ponder"), { recursive: true, force: true });
  const marks = await runUntil(
    process.execPath,
    [PONDER_BIN, "start", "--schema", "bench", "--log-format", "json", "--port", String(port)],
    PONDER_DIR,
    env,
    (line, _at, marks, stop) => {
      let entry: { time?: number; msg?: string; level?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      if (entry.level !== undefined && entry.level >= 50) console.error(`  ponder: ${entry.msg}`);
      if (entry.msg?.startsWith("Started 'local' historical sync")) marks.start = entry.time!;
      if (entry.msg === "Completed historical indexing") {
        marks.end = entry.time!;
        stop(async () => {
          const r = (await (await fetch(`http://127.0.0.1:${port}/transfers/count`)).json()) as { transfers: number };
          if (r.transfers !== chain.transfers) throw new Error(`Ponder stored ${r.transfers} transfers, expected ${chain.transfers}`);
        });
      }
    },
  );
  return (marks.end - marks.start) / 1000;
}

/**
 * Runs a command, handing each output line (with its arrival time) to `onLine`, until it exits (it must exit 0) or
 * `onLine` calls stop(check): then `check` runs, the process is stopped, and the marks are returned.
 */
function runUntil(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onLine: (line: string, at: number, marks: { start: number; end: number }, stop: (check: () => Promise<void>) => void) => void,
): Promise<{ start: number; end: number }> {
  const marks = { start: Number.NaN, end: Number.NaN };
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  let pending = "";
  return new Promise((resolve, reject) => {
    let stopping = false;
    const done = (error?: unknown) => {
      children.delete(child);
      if (error) reject(error);
      else if (Number.isNaN(marks.start) || Number.isNaN(marks.end))
        reject(new Error(`no start or end mark in the output of ${args.join(" ")}:\n${output.slice(-3000)}`));
      else resolve(marks);
    };
    const stop = (check: () => Promise<void>) => {
      stopping = true;
      check().then(
        () => {
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        },
        (error) => {
          child.kill("SIGKILL");
          done(error);
        },
      );
    };
    const onData = (chunk: Buffer) => {
      const at = Date.now();
      output += chunk;
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (!stopping) onLine(line, at, marks, stop);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    child.on("exit", (code) => {
      if (stopping || code === 0) done();
      else done(new Error(`${args.slice(0, 2).join(" ")} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

/** `qualified node` on a free port, with the system deployed; resolves once it serves JSON-RPC. */
async function startNode(dir: string): Promise<{ url: string; child: ChildProcess }> {
  mkdirSync(dir, { recursive: true });
  const port = 20_000 + Math.floor(Math.random() * 10_000);
  const child = spawn(process.execPath, [BIN, "node", "--port", String(port), "--deployment", join(dir, "node.json")], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (/JSON-RPC on/.test(out)) resolve();
    });
    child.stderr!.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => reject(new Error(`qualified node exited (${code}):\n${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** A new, empty database on the PostgreSQL server of `url`. */
async function freshPostgres(url: string): Promise<string> {
  const name = `bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Debian's PostgreSQL, started for the benchmark (scripts/start-postgres.sh), when QUALIFIED_TEST_PG_URL is not set. */
function startPostgres(): string {
  const r = spawnSync("bash", [join(ROOT, "scripts", "start-postgres.sh")], { encoding: "utf8", env: { ...process.env, QUALIFIED_PG_PORT: "55631" } });
  if (r.status !== 0) throw new Error(`could not start PostgreSQL: ${r.stderr}`);
  pgDir = /data in ([^)]+)\)/.exec(r.stderr)?.[1];
  return r.stdout.trim();
}

/** Installs Ponder into bench/ponder from its own package.json when it is not there yet. */
function ensurePonder() {
  if (existsSync(PONDER_BIN)) return;
  console.log("installing Ponder into bench/ponder (benchmark only)");
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: PONDER_DIR, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm install in bench/ponder failed");
}

function cpuProfile(): string[] {
  return process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
