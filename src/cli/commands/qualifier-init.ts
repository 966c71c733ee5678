import { Option, type Command } from "commander";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { QualifiedError } from "../../sdk/index.js";
import { readSandbox, sandboxFileFor } from "../../sandbox/file.js";
import { CONFIG_FIELDS, qualifierConfigTemplate } from "../../qualifier/service/config-template.js";
import { parseAddress, parseInteger } from "../parse.js";
import { DEFAULT_DEPLOYMENT, DEFAULT_RPC } from "../options.js";
import { DEFAULT_QUALIFIER_CONFIG } from "../qualifier-maintenance.js";

const FIELD_HELP = `\nFields of the configuration:\n${CONFIG_FIELDS.map(([f, m]) => `  ${f}: ${m}`).join("\n")}`;

/** `qualified qualifier init`: a working configuration with fresh keys, for the sandbox's qualifier or a given one. */
export function addQualifierInitCommand(q: Command): void {
  q.command("init")
    .description("write a working configuration with fresh vault and audit keys, for the sandbox's qualifier (or --qualifier); never overwrites")
    .option("--config <file>", "where to write the configuration (every qualifier subcommand reads it with --config)", DEFAULT_QUALIFIER_CONFIG)
    .addOption(new Option("--out <file>", "the same as --config (its former name)").hideHelp())
    .option("--deployment <file>", "deployment file; its sandbox file (qualified node --sandbox) names the qualifier and RPC", DEFAULT_DEPLOYMENT)
    .option("--qualifier <address>", "the qualifier's admitted account, instead of the sandbox's")
    .option("--rpc <url>", `JSON-RPC endpoint, instead of the sandbox's (default without a sandbox: ${DEFAULT_RPC})`)
    .option("--db <url>", "the qualifier's database, named in the configuration", "data/qualifier.sqlite")
    .option("--port <port>", "where the service will listen", "8090")
    .addHelpText("after", FIELD_HELP)
    .action((given: { config: string; out?: string; deployment: string; qualifier?: string; rpc?: string; db: string; port: string }) => {
      const opts = { ...given, out: given.out ?? given.config };
      const port = parseInteger(opts.port, "port", 0, 65535);
      if (existsSync(opts.out)) throw new QualifiedError(`${opts.out} exists already: it holds keys, so it is never overwritten; give another --config`);
      let qualifier = opts.qualifier === undefined ? undefined : parseAddress(opts.qualifier, "qualifier");
      let rpc = opts.rpc;
      if (!qualifier || !rpc) {
        const sandboxFile = sandboxFileFor(opts.deployment);
        if (!qualifier && !existsSync(sandboxFile)) {
          throw new QualifiedError(`no sandbox file at ${sandboxFile}: run \`qualified node --sandbox\`, or give --qualifier <address>`);
        }
        if (existsSync(sandboxFile)) {
          const sandbox = readSandbox(sandboxFile);
          qualifier ??= sandbox.accounts.qualifier;
          rpc ??= sandbox.rpc;
        }
      }
      const config = qualifierConfigTemplate({ qualifierAddress: qualifier!, rpc: rpc ?? DEFAULT_RPC, deployment: opts.deployment, db: opts.db, port });
      mkdirSync(dirname(opts.out), { recursive: true });
      try {
        // "wx": fails if the file appeared meanwhile; 0600: the file holds the vault's keys.
        writeFileSync(opts.out, `${JSON.stringify(config, null, 2)}\n`, { flag: "wx", mode: 0o600 });
      } catch (e) {
        throw new QualifiedError(`cannot write ${opts.out}: ${(e as Error).message}`);
      }
      console.log(`wrote ${opts.out} (readable by you only) for qualifier ${config.qualifierAddress} on ${config.rpc}, with fresh vault and audit keys`);
      console.log(FIELD_HELP.trimStart());
      console.log(
        `Keep ${opts.out} secret and backed up: without its vault keys the registry cannot be read. Start: qualified qualifier serve --config ${opts.out}`,
      );
    });
}
