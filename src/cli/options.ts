import type { Command } from "commander";
import { stringify, type Address } from "viem";
import { QualifiedError, unlockedAccounts, type Connection, type Signer } from "../sdk/index.js";
import { parsePrivateKey } from "./parse.js";

/** Where commands look for a node, a deployment file and the monitor's database unless told otherwise. */
export const DEFAULT_RPC = "http://127.0.0.1:8545";
export const DEFAULT_DEPLOYMENT = "deployments/local.json";
export const DEFAULT_MONITOR_DB = "data/monitor.sqlite";

/** `--rpc <url>`: the JSON-RPC endpoint. */
export function rpcOption(command: Command, description = "JSON-RPC endpoint"): Command {
  return command.option("--rpc <url>", description, DEFAULT_RPC);
}

/** `--deployment <file>`: the deployment file a command reads (or, for `node`, writes). */
export function deploymentOption(command: Command, description = "deployment file"): Command {
  return command.option("--deployment <file>", description, DEFAULT_DEPLOYMENT);
}

/** `--db <url>`: the monitor's database (SQLite file or postgres:// URL). */
export function monitorDbOption(command: Command, description = "the monitor's database"): Command {
  return command.option("--db <url>", description, DEFAULT_MONITOR_DB);
}

/** `--private-key <hex>`: the key a command signs with. */
export function privateKeyOption(command: Command, role: string): Command {
  return command.option("--private-key <hex>", `${role} key (default: QUALIFIED_PRIVATE_KEY, else the node's first unlocked account)`);
}

/** `--json`: print the result as one JSON document instead of text. */
export function jsonOption(command: Command): Command {
  return command.option("--json", "print the result as JSON");
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return stringify(value, null, 2);
}

/** The signer for operator commands: --private-key / QUALIFIED_PRIVATE_KEY, else the node's first unlocked account. */
export async function operator(connection: Connection, privateKey?: string): Promise<Signer> {
  const key = privateKey ?? process.env.QUALIFIED_PRIVATE_KEY;
  if (key) return connection.signer(parsePrivateKey(key));
  const [first] = await unlockedAccounts(connection);
  if (!first) throw new QualifiedError("the node holds no unlocked account: give --private-key or set QUALIFIED_PRIVATE_KEY");
  return connection.signer(first);
}

/** A signer for `address`, which the node must hold unlocked; else `otherwise` says what to do instead. */
export async function unlockedSigner(connection: Connection, address: Address, otherwise: string): Promise<Signer> {
  if (!(await unlockedAccounts(connection)).some((a) => a.toLowerCase() === address.toLowerCase())) {
    throw new QualifiedError(`the node does not hold ${address} unlocked: ${otherwise}`);
  }
  return connection.signer(address);
}

/** A signer for each of the node's unlocked accounts, in the node's order. */
export async function signersOf(connection: Connection): Promise<Signer[]> {
  return (await unlockedAccounts(connection)).map((a) => connection.signer(a));
}
