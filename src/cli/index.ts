import { Command, CommanderError } from "commander";
import { inspect } from "node:util";
import { explainError } from "../sdk/index.js";
import { redactSecrets } from "../sdk/redact.js";
import { addDemoCommand } from "./commands/demo.js";
import { addNodeCommand } from "./commands/node.js";
import { addDeployCommand } from "./commands/deploy.js";
import { addStatusCommand } from "./commands/status.js";
import { addCheckCommand } from "./commands/check.js";
import { addRegisterCommand } from "./commands/register.js";
import { addMonitorCommand } from "./commands/monitor.js";
import { addAnalyticsCommand } from "./commands/analytics.js";
import { addTraceCommand } from "./commands/trace.js";
import { addApiCommand } from "./commands/api.js";
import { addApiKeyCommands } from "./commands/api-key.js";
import { addQualifierCommands } from "./commands/qualifier.js";
import { addRegulatorCommands } from "./commands/regulator.js";
import { addGuardianCommands } from "./commands/guardian.js";
import { addCredentialsCommands } from "./commands/credentials.js";
import { addSanctionsCommands } from "./commands/sanctions.js";
import { addGovernanceCommands } from "./commands/governance.js";
import { addIssuerCommands } from "./commands/issuer.js";
import { addInspectCommand } from "./commands/inspect.js";
import { addSafeCommands } from "./commands/safe.js";
import { addTransferCommand } from "./commands/transfer.js";
import { addConsoleCommand } from "./commands/console.js";
import { addBridgeCommands } from "./commands/bridge.js";
import { addStressCommand } from "./commands/stress.js";

/** The `qualified` program: every command group, each in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command()
    .name("qualified")
    .description("DeFi-ready securities: tokens that move only between qualified wallets.")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const add of [
    addDemoCommand,
    addNodeCommand,
    addDeployCommand,
    addStatusCommand,
    addCheckCommand,
    addRegisterCommand,
    addMonitorCommand,
    addAnalyticsCommand,
    addTraceCommand,
    addApiCommand,
    addApiKeyCommands,
    addQualifierCommands,
    addRegulatorCommands,
    addGuardianCommands,
    addCredentialsCommands,
    addSanctionsCommands,
    addGovernanceCommands,
    addIssuerCommands,
    addInspectCommand,
    addSafeCommands,
    addTransferCommand,
    addConsoleCommand,
    addBridgeCommands,
    addStressCommand,
  ]) {
    add(program);
  }
  return program;
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
