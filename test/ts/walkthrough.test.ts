import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAbiItem, parseUnits, type Address } from "viem";
import { connectRpc, credentialRegistryAbi, securityTokenAbi } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { openDatabase } from "../../src/storage/database.js";
import { readSandbox } from "../../src/sandbox/file.js";

const ROOT = join(import.meta.dirname, "..", "..");
const STEP_TIMEOUT_MS = 240_000;

/**
 * The commands of README.md's "Operator walkthrough": every line of its ```sh blocks, in order.
 * Convention: a line ending in `&` starts a server in the background, and the walkthrough goes on once the
 * server has printed the address it serves on (`... on http://...`); every other line must exit 0.
 */
function walkthroughCommands(readme: string): string[] {
  const start = readme.indexOf("## Operator walkthrough");
  assert.ok(start >= 0, 'README.md has no "## Operator walkthrough" section');
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const lines: string[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].split("\n")) if (line.trim() && !line.trim().startsWith("#")) lines.push(line.trim());
  }
  return lines;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** One bash process that runs the walkthrough's lines, so shell variables carry from one line to the next. */
class Shell {
  readonly process: ChildProcessWithoutNullStreams;
  output = "";
  constructor(cwd: string) {
    // Its own process group, so the servers it starts in the background stop with it.
    this.process = spawn("bash", ["--noprofile", "--norc"], { cwd, detached: true, env: { ...process.env, QUALIFIED_PRIVATE_KEY: "" } });
    this.process.stdout.on("data", (chunk) => (this.output += chunk));
    this.process.stderr.on("data", (chunk) => (this.output += chunk));
  }
  async until(pattern: RegExp, from: number, what: string): Promise<RegExpExecArray> {
    const started = Date.now();
    for (;;) {
      const match = pattern.exec(this.output.slice(from));
      if (match) return match;
      if (this.process.exitCode !== null) throw new Error(`the shell exited during ${what}:\n${this.output.slice(from)}`);
      if (Date.now() - started > STEP_TIMEOUT_MS) throw new Error(`${what} did not finish in ${STEP_TIMEOUT_MS / 1000} s:\n${this.output.slice(from)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  async run(line: string, step: number): Promise<void> {
    const from = this.output.length;
    if (/&\s*$/.test(line)) {
      this.process.stdin.write(`${line}\n`);
      await this.until(/ on http:\/\/\S+/, from, line);
      return;
    }
    const marker = `__walkthrough_step_${step}`;
    this.process.stdin.write(`${line}\necho "${marker} $?"\n`);
    const [, code] = await this.until(new RegExp(`${marker} (\\d+)`), from, line);
    assert.equal(code, "0", `README walkthrough step failed: ${line}\n${this.output.slice(from)}`);
  }
  stop(): void {
    if (this.process.pid) {
      try {
        process.kill(-this.process.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
}

describe("README.md's operator walkthrough, run as written", () => {
  const commands = walkthroughCommands(readFileSync(join(ROOT, "README.md"), "utf8"));
  let shell: Shell | undefined;
  after(() => shell?.stop());

  it("shows every step an operator takes", () => {
    for (const step of [
      /^npx qualified node --sandbox &$/,
      /^npx qualified qualifier init\b/,
      /^npx qualified qualifier serve\b.*&$/,
      /\bqualified qualifier apply\b/,
      /\bqualified qualifier approve\b/,
      /^npx qualified (status|check)\b/,
      /^npx qualified (transfer|issuer mint)\b/,
      /^npx qualified issuer force\b/,
      /^npx qualified monitor\b/,
    ]) {
      assert.ok(
        commands.some((c) => step.test(c)),
        `the walkthrough has no step matching ${step}`,
      );
    }
  });

  it("reaches an approved credential on chain, a transfer, a forced transfer and its alert", { timeout: 30 * 60_000 }, async () => {
    // The walkthrough serves on the default ports: they must be free.
    for (const port of [8545, 8090]) assert.ok(await portFree(port), `port ${port} is taken: stop what serves there to run the walkthrough`);
    // A fresh folder that is a checkout for npx: the package and its build, nothing the walkthrough writes.
    const dir = mkdtempSync(join(tmpdir(), "qualified-walkthrough-"));
    copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
    for (const entry of ["node_modules", "bin", "dist", "test"]) symlinkSync(join(ROOT, entry), join(dir, entry));
    shell = new Shell(dir);
    for (const [i, line] of commands.entries()) await shell.run(line, i);

    const sandbox = readSandbox(join(dir, "deployments", "local.sandbox.json"));
    const deployment = readDeployment(join(dir, "deployments", "local.json"));
    const connection = await connectRpc(sandbox.rpc);
    const fund = commands.find((c) => c.includes("qualifier apply"))!.match(/--wallet (0x[0-9a-fA-F]{40})/)![1] as Address;
    const token = sandbox.token.address;
    const [holder1] = sandbox.accounts.holders as Address[];

    // The credential the approval issued: the fund's wallet holds a valid credential of class 1 from the sandbox's qualifier.
    const credentialId = await connection.publicClient.readContract({
      address: deployment.registries.credentials,
      abi: credentialRegistryAbi,
      functionName: "credentialId",
      args: [fund, sandbox.accounts.qualifierId, 1],
    });
    assert.equal(
      await connection.publicClient.readContract({
        address: deployment.registries.credentials,
        abi: credentialRegistryAbi,
        functionName: "ownerOf",
        args: [credentialId],
      }),
      fund,
    );
    assert.equal(
      await connection.publicClient.readContract({
        address: deployment.registries.credentials,
        abi: credentialRegistryAbi,
        functionName: "hasValidCredential",
        args: [fund, 2n],
      }),
      true,
    );

    // 250 transferred to the fund, 50 forced back.
    const balance = (a: Address) => connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "balanceOf", args: [a] });
    assert.equal(await balance(fund), parseUnits("200", 18));
    assert.equal(await balance(holder1), parseUnits("800", 18));
    const forced = await connection.publicClient.getLogs({
      address: token,
      event: parseAbiItem("event ForcedTransfer(address indexed from, address indexed to, uint256 amount)"),
      fromBlock: 0n,
    });
    assert.equal(forced.length, 1);
    assert.deepEqual([forced[0].args.from, forced[0].args.to, forced[0].args.amount], [fund, holder1, parseUnits("50", 18)]);

    // The monitor's alert for it, in its database and in what it printed.
    const database = openDatabase<{ alerts: { rule: string; subject: string; block_number: number | string } }>(join(dir, "data", "monitor.sqlite"), {
      readOnly: true,
    });
    try {
      const alerts = await database.db.selectFrom("alerts").selectAll().where("rule", "=", "forcedTransfer").execute();
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0].subject, fund);
      assert.equal(BigInt(alerts[0].block_number), forced[0].blockNumber);
    } finally {
      await database.close();
    }
    assert.match(
      shell.output,
      /\[MEDIUM\] forcedTransfer at block \d+: forced transfer of 50000000000000000000 from 0xFABB0ac9d68B0B445fB7357272Ff202C5651694a/,
    );
  });
});
