import { closeSync, openSync, rmSync, statSync } from "node:fs";
import { QualifiedError } from "../../sdk/index.js";

const WAIT_MS = 30_000;
/** A lock older than this was left by a process that died: it is taken over. */
const STALE_MS = 120_000;

/**
 * Holds `<path>.lock` (created exclusively) while `fn` runs, so two owners approving at once each keep
 * their signature instead of the later write dropping the earlier one.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lock, "wx"));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > STALE_MS) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS) throw new QualifiedError(`${path} is locked by another command (${lock}); try again`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
