import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { readSandbox, type Sandbox } from "../../src/sandbox/file.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
/** The mnemonic of the simulated node's accounts (Hardhat's well-known test accounts). */
const NODE_MNEMONIC = "test test test test test test test test test test test junk";

/** A running `qualified node --sandbox` process and how to run commands against it. */
export interface SandboxProcess {
  rpc: string;
  dir: string;
  deploymentFile: string;
  sandbox: Sandbox;
  /** Runs `qualified ARGS`, with --rpc and --deployment of this sandbox appended when `connected`. */
  run(args: string[], connected?: boolean): SpawnSyncReturns<string>;
  /** The private key of one of the node's accounts (first 20), checked against its address. */
  keyOf(address: Address): Hex;
  /** What the node has printed so far (stdout and stderr). */
  output(): string;
  stop(): void;
}

export interface SandboxOptions {
  /** Prefix of the fresh temporary folder (default "qualified-roles-"). */
  prefix?: string;
}

/** Starts `qualified node --sandbox` on a free port in a fresh folder and waits until it serves JSON-RPC. */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxProcess> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? "qualified-roles-"));
  const deploymentFile = join(dir, "local.json");
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const rpc = `http://127.0.0.1:${port}`;
  const node = spawn(process.execPath, [BIN, "node", "--sandbox", "--port", port, "--deployment", deploymentFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    node.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("JSON-RPC on")) resolve();
    });
    node.stderr.on("data", (chunk) => (output += chunk));
    node.on("exit", (code) => reject(new Error(`qualified node --sandbox exited (${code}):\n${output}`)));
  });
  const keys = new Map<Address, Hex>();
  for (let i = 0; i < 20; i++) {
    const account = mnemonicToAccount(NODE_MNEMONIC, { addressIndex: i });
    keys.set(account.address, toHex(account.getHdKey().privateKey!));
  }
  return {
    rpc,
    dir,
    deploymentFile,
    sandbox: readSandbox(join(dir, "local.sandbox.json")),
    run: (args, connected = true) =>
      spawnSync(process.execPath, [BIN, ...args, ...(connected ? ["--rpc", rpc, "--deployment", deploymentFile] : [])], { encoding: "utf8", timeout: 120_000 }),
    keyOf: (address) => {
      const key = keys.get(address);
      if (!key) throw new Error(`${address} is not one of the node's first 20 accounts`);
      return key;
    },
    output: () => output,
    stop: () => node.kill("SIGTERM"),
  };
}
