import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

/** A long-running `qualified` command (a service) and the URL it printed once it listened. */
export interface RunningService {
  url: string;
  output: () => string;
  stop: () => void;
}

/**
 * Starts `qualified ARGS` and waits until its output matches `ready` (whose first group is the URL); fails with the
 * output if it exits first or takes longer than `timeoutMs`.
 */
export function startService(args: string[], ready: RegExp, options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningService> {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`qualified ${args[0]} did not start in time:\n${out}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], output: () => out, stop: () => child.kill("SIGTERM") });
      }
    });
    child.stderr!.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`qualified ${args[0]} exited (${code}):\n${out}`));
    });
  });
}
