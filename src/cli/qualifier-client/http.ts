import { readFileSync } from "node:fs";
import { QualifiedError } from "../../sdk/index.js";
import { redactUrl } from "../../sdk/redact.js";

/** Where the qualifier service listens unless told otherwise (`qualified qualifier init`'s default port). */
export const DEFAULT_SERVICE = "http://127.0.0.1:8090";

/** Reads an API key from a file (as `qualifier create-key --out` writes it), so it never appears in a command line or its history. */
export function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new QualifiedError(`cannot read the API key file ${path}: create one with \`qualified qualifier create-key ROLE LABEL --out ${path}\``);
  }
  const key = text.trim();
  if (!/^\S{16,200}$/.test(key)) throw new QualifiedError(`${path} does not hold an API key (one line, as \`qualified qualifier create-key --out\` writes it)`);
  return key;
}

/** Calls the qualifier service; a refusal comes back as its own sentence, with the request id for the operator. */
export async function callService<T>(service: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, service), {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new QualifiedError(`the qualifier service at ${redactUrl(service)} does not answer: is \`qualified qualifier serve\` running?`);
  }
  const text = await response.text();
  let json: { error?: string; requestId?: string } & Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new QualifiedError(`the qualifier service answered ${response.status} with something other than JSON`);
  }
  if (!response.ok) {
    const said = typeof json.error === "string" ? json.error.slice(0, 500) : `status ${response.status}`;
    throw new QualifiedError(`the qualifier service refused (${response.status}): ${said}${json.requestId ? ` (request ${json.requestId})` : ""}`);
  }
  return json as T;
}
