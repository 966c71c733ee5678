import type { Command } from "commander";
import { accessMap, connectRpc, type Holder, type VerifierNode } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { deploymentOption, jsonOption, rpcOption, toJson } from "../options.js";
import { parseAddress } from "../parse.js";

function holderText(h: Holder): string {
  return h.label ? `${kindText(h)} = ${h.label}` : kindText(h);
}

function kindText(h: Holder): string {
  switch (h.kind) {
    case "key":
      return `${h.address} (key)`;
    case "safe":
      return `${h.address} (Safe, ${h.threshold} of ${h.owners.length}: ${h.owners.join(", ")})`;
    case "timelock":
      return `${h.address} (timelock, delay ${h.delaySeconds} s)`;
    default:
      return `${h.address} (contract)`;
  }
}

function verifierLines(v: VerifierNode, indent: string): string[] {
  const reads = Object.entries(v.reads).map(([k, a]) => `${k} ${a}`);
  const fixed = Object.entries(v.immutable).map(([k, x]) => `${k}=${x}`);
  const lines = [`${indent}${v.kind} verifier ${v.address}`];
  if (reads.length) lines.push(`${indent}  reads: ${reads.join("; ")}`);
  if (fixed.length) lines.push(`${indent}  immutable: ${fixed.join("; ")}`);
  for (const c of v.children ?? []) lines.push(...verifierLines(c, `${indent}  `));
  return lines;
}

/** `qualified inspect [TOKEN]`: who can do what, read from the chain. */
export function addInspectCommand(program: Command): void {
  jsonOption(
    deploymentOption(
      rpcOption(
        program
          .command("inspect")
          .description(
            "who can do what, read from the chain: every role of the registries, the timelock and a token, who holds it (a key, a Safe with its owners and threshold, a timelock with its delay), the token's verifier chain and what is immutable",
          )
          .argument("[token]", "token address (default: the deployment's only token; none: registries only)"),
      ),
    ),
  ).action(async (tokenArg: string | undefined, opts: { rpc: string; deployment: string; json?: boolean }) => {
    const deployment = readDeployment(opts.deployment);
    const token = tokenArg ? parseAddress(tokenArg, "token") : deployment.tokens.length === 1 ? deployment.tokens[0].address : undefined;
    const connection = await connectRpc(opts.rpc);
    const map = await accessMap(connection, { deployment, token });
    if (opts.json) {
      console.log(toJson(map));
      return;
    }
    for (const c of map.contracts) {
      console.log(`${c.name} ${c.address}`);
      if (c.roles.length === 0) console.log("  (no role held)");
      for (const r of c.roles) {
        const holders = r.holders.length ? r.holders.map(holderText) : ["nobody"];
        console.log(`  ${r.role.padEnd(22)} ${holders[0]}`);
        for (const h of holders.slice(1)) console.log(`  ${"".padEnd(22)} ${h}`);
      }
    }
    if (map.token) {
      const t = map.token;
      console.log(`token ${t.address}`);
      console.log(`  issuer                 ${holderText(t.issuer)}`);
      console.log(
        `  immutable              ${Object.entries(t.immutable)
          .map(([k, v]) => `${k}=${v}`)
          .join("; ")}`,
      );
      console.log(`  replaceable            ${t.replaceable.join("; ")}`);
      console.log("  verifier chain:");
      for (const line of verifierLines(t.verifier, "    ")) console.log(line);
    }
  });
}
