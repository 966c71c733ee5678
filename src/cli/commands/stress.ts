import type { Command } from "commander";
import { addStressNetworkCommand } from "./stress-network.js";

/** `qualified stress`: stress tests of the exposure network. */
export function addStressCommand(program: Command): void {
  const stress = program.command("stress").description("stress tests: contagion models on exposure networks");
  addStressNetworkCommand(stress);
}
