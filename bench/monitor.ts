/**
 * Monitor throughput: backfill of 100,000 transfers on the local chain, into SQLite (and PostgreSQL when
 * QUALIFIED_TEST_PG_URL is set). Prints events per second and writes bench/results/monitor.json.
 *
 *   npm run bench:monitor
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { sql } from "kysely";
import { encodeFunctionData, keccak256, toHex, type EIP1193Provider } from "viem";
import {
  admitQualifierCall,
  connectProvider,
  deploySystem,
  deployToken,
  governViaTimelock,
  issueCredentials,
  securityTokenAbi,
  send,
  unlockedAccounts,
} from "../src/sdk/index.js";
import { openDatabase } from "../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../src/monitor/schema.js";
import { runIndexer } from "../src/monitor/indexer.js";

const TRANSFERS = 100_000;
const PER_TX = 500;
const here = dirname(fileURLToPath(import.meta.url));

const { provider } = await network.create();
const connection = await connectProvider(provider as unknown as EIP1193Provider);
const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
const [deployer, o1, o2, o3, issuer, qualifier] = signers;
const holders = signers.slice(6).map((s) => s.account.address);

const deployment = await deploySystem(connection, { deployer, governanceOwners: [o1, o2, o3].map((s) => s.account.address), timelockDelay: 60 });
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

const started = Date.now();
for (let i = 0; i < TRANSFERS / PER_TX; i++) {
  const to = Array.from({ length: PER_TX }, (_, j) => holders[(i * PER_TX + j) % holders.length]);
  const amounts = to.map(() => 1n);
  await send(connection, {
    actor: issuer,
    to: token.address,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "batchMint", args: [to, amounts] }),
    what: "batch mint",
  });
}
console.log(`generated ${TRANSFERS.toLocaleString("en-US")} transfers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const results: { engine: string; events: number; seconds: number; eventsPerSecond: number; batchSize: number }[] = [];
const engines: [string, string][] = [["sqlite", join(mkdtempSync(join(tmpdir(), "qualified-bench-")), "monitor.sqlite")]];
if (process.env.QUALIFIED_TEST_PG_URL) engines.push(["postgres", process.env.QUALIFIED_TEST_PG_URL]);
for (const [engine, url] of engines) {
  const database = openDatabase<MonitorSchema>(url);
  if (database.engine === "postgres") {
    await sql`drop schema public cascade`.execute(database.db);
    await sql`create schema public`.execute(database.db);
  }
  await migrateMonitor(database.db);
  const t0 = performance.now();
  const batchSize = 50;
  const run = await runIndexer(connection, database.db, deployment, { batchSize });
  const seconds = (performance.now() - t0) / 1000;
  const transfers = (await database.db.selectFrom("transfers").select("block_number").execute()).length;
  if (transfers < TRANSFERS) throw new Error(`indexed ${transfers} transfers, expected at least ${TRANSFERS}`);
  await database.close();
  const row = { engine, events: run.events, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(run.events / seconds), batchSize };
  results.push(row);
  console.log(
    `${engine.padEnd(9)} ${run.events.toLocaleString("en-US")} events in ${row.seconds} s: ${row.eventsPerSecond.toLocaleString("en-US")} events/s (batches of ${batchSize} blocks)`,
  );
}
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "monitor.json"), `${JSON.stringify({ transfers: TRANSFERS, machine: "2 cores", results }, null, 2)}\n`);
console.log("wrote bench/results/monitor.json");
