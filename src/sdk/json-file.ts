import { readFileSync } from "node:fs";
import type { z } from "zod";
import { QualifiedError } from "./errors.js";

/** The sentences a caller gives for each way a JSON file can be wrong. */
export interface JsonFileMessages {
  missing: (path: string) => string;
  notJson: (path: string) => string;
  invalid: (path: string, where: string, message: string) => string;
}

/** Reads `path`, parses it as JSON and validates it with `schema`; every failure is a QualifiedError sentence. */
export function readJsonFile<T extends z.ZodType>(path: string, schema: T, messages: JsonFileMessages): z.infer<T> {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new QualifiedError(messages.missing(path));
    throw new QualifiedError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // JSON.parse throws only a SyntaxError.
    throw new QualifiedError(messages.notJson(path));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QualifiedError(messages.invalid(path, issue.path.join("."), issue.message));
  }
  return parsed.data;
}
