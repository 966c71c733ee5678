import type { Command } from "commander";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { QualifiedError, connectRpc } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { walletProofTypedData } from "../../qualifier/wallet-proof.js";
import { readSandbox, sandboxFileFor } from "../../sandbox/file.js";
import { deploymentOption, jsonOption, rpcOption, toJson, unlockedSigner } from "../options.js";
import { parseAddress, parseInteger } from "../parse.js";
import { callService, DEFAULT_SERVICE, readKeyFile } from "../qualifier-client/http.js";

/** How long a wallet proof made by `apply` stays valid. */
const PROOF_SECONDS = 3600;

function client(command: Command, role: string): Command {
  return jsonOption(
    command
      .option("--service <url>", "the qualifier service", DEFAULT_SERVICE)
      .requiredOption("--key-file <file>", `a file holding an API key of the ${role} role (\`qualified qualifier create-key ${role} LABEL --out FILE\`)`),
  );
}

/** "Name;YYYY-MM-DD;CC" (a person) or "Name;entity[;CC]" (a company). */
function parseOwner(text: string) {
  const [name, second, third, ...rest] = text.split(";").map((p) => p.trim());
  if (!name || !second || rest.length)
    throw new QualifiedError(`--owner "${text.slice(0, 60)}" must be "Name;YYYY-MM-DD;CC" for a person or "Name;entity;CC" for a company`);
  if (second === "entity") return { name, kind: "entity" as const, ...(third ? { nationality: third.toUpperCase() } : {}) };
  return { name, dateOfBirth: second, nationality: (third ?? "").toUpperCase() };
}

const FORMATS = { xml: "SDN.XML", csv: "SDN.CSV" } as const;

/** `qualified qualifier apply|approve|load-list`: the qualifier service's HTTP API from the command line, with a key read from a file. */
export function addQualifierClientCommands(q: Command): void {
  client(
    deploymentOption(
      rpcOption(
        q
          .command("apply")
          .description("submit an application to the qualifier service; each wallet (held unlocked by the node) signs its proof of control")
          .requiredOption("--legal-name <name>", "the applicant's legal name")
          .requiredOption("--lei <lei>", "its Legal Entity Identifier (ISO 17442)")
          .requiredOption("--country <cc>", "ISO 3166-1 alpha-2 country of incorporation")
          .requiredOption("--class <id>", "the credential class applied for (e.g. 1)")
          .requiredOption("--wallet <addresses>", "the wallets to credential, comma separated; the node must hold each unlocked to sign its proof")
          .option("--owner <owner>", 'a beneficial owner: "Name;YYYY-MM-DD;CC" or "Name;entity;CC" (repeat for several)', (v: string, all: string[] = []) => [
            ...all,
            v,
          ])
          .option("--qualifier <address>", "the qualifier the proofs are for (default: the sandbox's)")
          .option("--id-only", "print only the application's id (for scripts)"),
      ),
      "deployment file (the credential registry the proofs name)",
    ),
    "applicant",
  ).action(
    async (opts: {
      rpc: string;
      deployment: string;
      service: string;
      keyFile: string;
      legalName: string;
      lei: string;
      country: string;
      class: string;
      wallet: string;
      owner?: string[];
      qualifier?: string;
      idOnly?: boolean;
      json?: boolean;
    }) => {
      const key = readKeyFile(opts.keyFile);
      const classId = parseInteger(opts.class, "--class", 0, 255);
      const wallets = opts.wallet.split(",").map((w, i) => parseAddress(w.trim(), `wallet ${i + 1}`));
      const deployment = readDeployment(opts.deployment);
      let qualifier = opts.qualifier === undefined ? undefined : parseAddress(opts.qualifier, "--qualifier");
      if (!qualifier) {
        const sandboxFile = sandboxFileFor(opts.deployment);
        if (!existsSync(sandboxFile))
          throw new QualifiedError(`no sandbox file at ${sandboxFile}: give --qualifier ADDRESS (the qualifier the proofs are for)`);
        qualifier = readSandbox(sandboxFile).accounts.qualifier;
      }
      const connection = await connectRpc(opts.rpc);
      const context = { chainId: connection.chain.id, registry: deployment.registries.credentials, qualifier };
      const expiresAt = BigInt(Math.floor(Date.now() / 1000) + PROOF_SECONDS);
      const proofs = [];
      for (const wallet of wallets) {
        const signer = await unlockedSigner(connection, wallet, "its holder signs the proof of control with its own wallet");
        const nonce = BigInt(`0x${randomBytes(8).toString("hex")}`);
        const signature = await signer.signTypedData(walletProofTypedData(context, { wallet, application: opts.lei, nonce, expiresAt }));
        proofs.push({ address: wallet, nonce: nonce.toString(), expiresAt: Number(expiresAt), signature });
      }
      const body = {
        legalName: opts.legalName,
        lei: opts.lei,
        country: opts.country.toUpperCase(),
        classId,
        owners: (opts.owner ?? []).map(parseOwner),
        wallets: proofs,
      };
      const result = await callService<{ id: string; status: string; hits: unknown[] }>(opts.service, key, "POST", "/applications", body);
      if (opts.idOnly) return console.log(result.id);
      if (opts.json) return console.log(toJson(result));
      console.log(`application ${result.id}: ${result.status}${result.hits.length ? ` (${result.hits.length} screening hit(s): a reviewer decides)` : ""}`);
    },
  );

  client(
    q
      .command("approve")
      .description("approve an application as a reviewer: the service issues its credentials on chain")
      .argument("<id>", "the application's id")
      .requiredOption("--reason <text>", "why, for the audit log (sealed)"),
    "reviewer",
  ).action(async (id: string, opts: { service: string; keyFile: string; reason: string; json?: boolean }) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new QualifiedError(`"${id.slice(0, 40)}" is not an application id`);
    const result = await callService<{ id: string; status: string; transaction: string }>(
      opts.service,
      readKeyFile(opts.keyFile),
      "POST",
      `/applications/${id}/approve`,
      { reason: opts.reason },
    );
    if (opts.json) return console.log(toJson(result));
    console.log(`application ${result.id}: ${result.status}; credentials issued in transaction ${result.transaction}`);
  });

  client(
    q
      .command("load-list")
      .description("load an OFAC publication into the qualifier service (admin): screening uses it at once")
      .argument("<file>", "SDN.XML, SDN_ADVANCED.XML or SDN.CSV")
      .option("--published <date>", "the publication date, for SDN.CSV (YYYY-MM-DD)"),
    "admin",
  ).action(async (file: string, opts: { service: string; keyFile: string; published?: string; json?: boolean }) => {
    const name = basename(file).toUpperCase();
    const format = name.includes("ADVANCED") ? "SDN_ADVANCED.XML" : FORMATS[name.endsWith(".CSV") ? "csv" : "xml"];
    let content: string;
    try {
      content = readFileSync(file, "utf8");
    } catch {
      throw new QualifiedError(`cannot read the publication ${file}`);
    }
    const result = await callService<Record<string, unknown>>(opts.service, readKeyFile(opts.keyFile), "POST", "/lists", {
      format,
      content,
      ...(opts.published ? { publishedAt: opts.published } : {}),
    });
    if (opts.json) return console.log(toJson(result));
    const r = result as { status?: string; publishedAt?: string; diff?: { added?: number; removed?: number }; held?: unknown[] };
    const change = r.diff ? `${r.diff.added ?? 0} entries added, ${r.diff.removed ?? 0} removed` : "";
    console.log(
      r.status === "pending"
        ? `${file} (${format}, published ${r.publishedAt}) drops many entries: it waits for a second admin to confirm it (${change})`
        : `loaded ${file} (${format}, published ${r.publishedAt}): ${change}; ${r.held?.length ?? 0} application(s) put on hold`,
    );
  });
}
