import type { Command } from "commander";
import { addStressNetworkCommand } from "./stress-network.js";
import { addStressRunCommand } from "./stress-run.js";

/** `qualified stress`: stress tests of the exposure network. */
export function addStressCommand(program: Command): void {
  const stress = program.command("stress").description("stress tests: replay a scenario on a fork of the chain; contagion models on exposure networks");
  addStressNetworkCommand(stress);
  addStressRunCommand(stress);
}
