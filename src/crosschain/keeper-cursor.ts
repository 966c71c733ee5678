import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { QualifiedError } from "../sdk/errors.js";
import { readJsonFile } from "../sdk/json-file.js";

const address = z
  .string()
  .refine((a) => isAddress(a), "not an address")
  .transform((a) => getAddress(a) as Address);

/** Where a mirror keeper resumes: the first home block it must read again, for one registry and sender. */
const keeperCursorSchema = z.object({
  chainId: z.number().int().positive(),
  credentials: address,
  sender: address,
  /** A decimal block number: nothing before it is left to carry to the mirror. */
  nextBlock: z.string().regex(/^\d{1,20}$/, "a block number"),
});
export type KeeperCursor = z.infer<typeof keeperCursorSchema>;

/** The keeper's saved cursor, or undefined when none was saved yet; refused when it belongs to other contracts. */
export function readKeeperCursor(path: string, expected: Omit<KeeperCursor, "nextBlock">): bigint | undefined {
  if (!existsSync(path)) return undefined;
  const saved = readJsonFile(path, keeperCursorSchema, {
    missing: (p) => `no keeper cursor at ${p}`,
    notJson: (p) => `${p} is not JSON: delete it to start the keeper from the chain head, or fix it`,
    invalid: (p, where, message) => `${p} is not a keeper cursor: ${where}: ${message}`,
  });
  if (saved.chainId !== expected.chainId || saved.credentials !== expected.credentials || saved.sender !== expected.sender) {
    throw new QualifiedError(
      `${path} is the cursor of another deployment (chain ${saved.chainId}, registry ${saved.credentials}, sender ${saved.sender}): give --state another file`,
    );
  }
  return BigInt(saved.nextBlock);
}

/** Saves the cursor atomically (a crash leaves the old cursor or the new one, never half of one). */
export function writeKeeperCursor(path: string, cursor: KeeperCursor): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(cursor, null, 2)}\n`);
  renameSync(temporary, path);
}
