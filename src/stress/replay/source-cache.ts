import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { QualifiedError } from "../../sdk/errors.js";

// The simulator reads the source chain's state lazily, one account or storage slot at a time, and keeps
// nothing it read at a block the source could still reorganise: near the source's head (where a replay
// forks by default) it asks again on every call and every transaction, tens of thousands of round trips
// for a thousand positions. The state of one block number never changes, and the fork reads no other:
// this local relay answers a repeated question about a pinned block from memory. It also tells the
// simulator that the source's head is far past the fork block, which makes the simulator keep what it read
// (in the fork's own cache folder, removed with the fork): the fork then reads one consistent block, even
// if the source reorganises meanwhile, and asks the relay only once for each account and slot.

/** Questions about the state at a given block, the block number being the last parameter. */
const AT_BLOCK = new Set(["eth_getBalance", "eth_getTransactionCount", "eth_getCode", "eth_getStorageAt"]);
/** What the simulator reads of an account. */
const ACCOUNT = ["eth_getBalance", "eth_getTransactionCount", "eth_getCode"];
/** Answers that do not depend on the block at all. */
const CONSTANT = new Set(["eth_chainId", "net_version"]);
/** Blocks past the fork block the source's head is said to be: deeper than any reorganisation the simulator guards against. */
const FINAL_DEPTH = 1_000n;
/** Accounts asked of the source per round trip when the replay looks up many at once. */
const ACCOUNTS_PER_BATCH = 100;
/** How long the source may take to answer one request. */
const SOURCE_TIMEOUT_MS = 30_000;
/** Largest request the relay accepts (the simulator's are a few hundred bytes). */
const MAX_BODY = 1_000_000;

interface RpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

export interface SourceCache {
  /** The relay's address, with an unguessable path: only who was given it can use it. */
  url: string;
  /**
   * Asks the source, in one batch, which accounts and slots `calls` read at the fork block (a prestate
   * trace), and keeps them: the fork then finds them at hand. A source without tracing is not asked again.
   */
  prefetch(calls: readonly { to: string; data: string }[]): Promise<void>;
  /** The code of each of `accounts` at the fork block, asked of the source a hundred at a time and kept for the fork. */
  codeAt(accounts: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** A request's key when its answer is fixed: the state at a block number at or below `block`, or a constant. */
function cacheKey(r: RpcRequest, block: bigint): string | undefined {
  if (typeof r.method !== "string" || !Array.isArray(r.params)) return undefined;
  if (CONSTANT.has(r.method)) return r.method;
  const p = r.params as unknown[];
  const at = r.method === "eth_getBlockByNumber" ? p[0] : AT_BLOCK.has(r.method) ? p[p.length - 1] : undefined;
  const n = quantity(at);
  if (n === undefined || n > block) return undefined;
  if (r.method === "eth_getBlockByNumber") return `${r.method}:${n}:${p[1] === true}`;
  const address = typeof p[0] === "string" ? p[0].toLowerCase() : undefined;
  if (address === undefined) return undefined;
  if (r.method !== "eth_getStorageAt") return `${r.method}:${address}:${n}`;
  const slot = quantity(p[1], 64);
  return slot === undefined ? undefined : `${r.method}:${address}:${slot}:${n}`;
}

/** A hex quantity of at most `digits` digits, or undefined. */
function quantity(value: unknown, digits = 16): bigint | undefined {
  if (typeof value !== "string" || !new RegExp(`^0x[0-9a-fA-F]{1,${digits}}$`).test(value)) return undefined;
  return BigInt(value);
}

/**
 * What to ask the source along with `r`, in the same round trip: an account's balance, nonce and code
 * together (the simulator asks for all three); a storage slot with the two that follow it (a struct's
 * fields, an array's items, which the simulator asks for next).
 */
function companions(r: RpcRequest): RpcRequest[] {
  const p = r.params as unknown[];
  if (r.method === "eth_getStorageAt") {
    const slot = BigInt(p[1] as string);
    return [1n, 2n]
      .filter((k) => slot + k < 2n ** 256n)
      .map((k) => ({ jsonrpc: "2.0", method: r.method, params: [p[0], `0x${(slot + k).toString(16)}`, p[2]] }));
  }
  if (ACCOUNT.includes(r.method as string)) return ACCOUNT.filter((m) => m !== r.method).map((method) => ({ jsonrpc: "2.0", method, params: [p[0], p[1]] }));
  return [];
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Starts a relay to `rpc` (whose latest block is `latest`) on 127.0.0.1 that remembers the source's answers
 * about the state at blocks up to `block` (balances, nonces, code, storage, block headers by number),
 * answers `eth_blockNumber` with a head at least FINAL_DEPTH past `block`, and forwards everything else.
 */
export async function startSourceCache(rpc: string, block: bigint, latest: bigint): Promise<SourceCache> {
  const head = latest > block + FINAL_DEPTH ? latest : block + FINAL_DEPTH;
  const answers = new Map<string, unknown>();
  const token = randomBytes(16).toString("hex");
  // Credentials in the URL (https://user:key@host) go in a header: fetch takes no URL that carries them.
  const target = new URL(rpc);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  const forward = async (body: string) => {
    const response = await fetch(target, { method: "POST", headers, body, signal: AbortSignal.timeout(SOURCE_TIMEOUT_MS) });
    return { status: response.status, text: await response.text() };
  };
  /** Batches on their way to the source, by the keys they will answer: the simulator asks for an account's balance, nonce and code at once. */
  const pending = new Map<string, Promise<void>>();
  const ask = (batch: RpcRequest[]) => {
    const numbered = batch.map((q, id) => ({ ...q, jsonrpc: "2.0", id }));
    const done = (async () => {
      const replies = JSON.parse((await forward(JSON.stringify(numbered))).text) as { id?: unknown; result?: unknown; error?: unknown }[];
      // A source that does not take batches leaves the questions unanswered: each is then asked on its own.
      for (const reply of Array.isArray(replies) ? replies : []) {
        const q = numbered[reply.id as number];
        if (q !== undefined && reply.error === undefined && "result" in reply) answers.set(cacheKey(q, block)!, reply.result);
      }
    })();
    const keys = batch.map((q) => cacheKey(q, block)!);
    const settled = done.finally(() => {
      for (const k of keys) if (pending.get(k) === settled) pending.delete(k);
    });
    for (const k of keys) pending.set(k, settled);
    return settled;
  };
  const answer = async (r: RpcRequest): Promise<unknown> => {
    if (r.method === "eth_blockNumber") return { jsonrpc: "2.0", id: r.id, result: `0x${head.toString(16)}` };
    const key = cacheKey(r, block);
    if (key === undefined) {
      return JSON.parse((await forward(JSON.stringify(r))).text);
    }
    if (answers.has(key)) {
      return { jsonrpc: "2.0", id: r.id, result: answers.get(key) };
    }
    if (pending.has(key)) await pending.get(key)!.catch(() => undefined);
    else {
      const extra = companions(r).filter((c) => {
        const k = cacheKey(c, block);
        return k !== undefined && !answers.has(k) && !pending.has(k);
      });
      await ask([r, ...extra]).catch(() => undefined);
    }
    if (answers.has(key)) return { jsonrpc: "2.0", id: r.id, result: answers.get(key) };
    // Not answered in a batch (an error, or no batches): the source answers the question itself.
    return JSON.parse((await forward(JSON.stringify(r))).text);
  };
  const server = createServer((req, res) => {
    const reply = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    };
    if (req.method !== "POST" || req.url !== `/${token}`) return reply(404, '{"error":"not found"}');
    readBody(req)
      .then(async (body) => {
        if (body === undefined) return reply(413, '{"error":"request too large"}');
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return reply(400, '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"the request is not JSON"}}');
        }
        const out = Array.isArray(parsed) ? await Promise.all(parsed.map((r) => answer(r as RpcRequest))) : await answer(parsed as RpcRequest);
        reply(200, JSON.stringify(out));
      })
      .catch(() => reply(502, '{"error":"the source chain did not answer"}'));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const tag = `0x${block.toString(16)}`;
  const codeAt = async (accounts: readonly string[]) => {
    const wanted = [...new Set(accounts.map((a) => a.toLowerCase()))].filter((a) => !answers.has(`eth_getCode:${a}:${block}`));
    for (let i = 0; i < wanted.length; i += ACCOUNTS_PER_BATCH) {
      const batch = wanted.slice(i, i + ACCOUNTS_PER_BATCH).flatMap((a) => ACCOUNT.map((method) => ({ method, params: [a, tag] })));
      await ask(batch.filter((q) => !answers.has(cacheKey(q, block)!))).catch(() => undefined);
    }
    return Promise.all(
      accounts.map(async (a) => {
        const reply = (await answer({ jsonrpc: "2.0", id: 0, method: "eth_getCode", params: [a, tag] })) as { result?: unknown; error?: { message?: string } };
        if (typeof reply.result !== "string") throw new QualifiedError(`the source did not give the code of ${a}: ${reply.error?.message ?? "no answer"}`);
        return reply.result;
      }),
    );
  };
  let tracing = true;
  const keep = (key: string, value: unknown) => {
    if (typeof value === "string" && !answers.has(key)) answers.set(key, value);
  };
  const prefetch = async (calls: readonly { to: string; data: string }[]) => {
    if (!tracing || calls.length === 0) return;
    const batch = calls.map((c, id) => ({
      jsonrpc: "2.0",
      id,
      method: "debug_traceCall",
      params: [{ to: c.to, data: c.data }, tag, { tracer: "prestateTracer" }],
    }));
    let replies: unknown;
    try {
      replies = JSON.parse((await forward(JSON.stringify(batch))).text);
    } catch {
      tracing = false;
      return;
    }
    if (!Array.isArray(replies)) {
      tracing = false;
      return;
    }
    for (const reply of replies as { result?: unknown; error?: unknown }[]) {
      if (reply.error !== undefined || typeof reply.result !== "object" || reply.result === null) {
        tracing = false;
        continue;
      }
      for (const [address, account] of Object.entries(
        reply.result as Record<string, { balance?: unknown; nonce?: unknown; code?: unknown; storage?: Record<string, unknown> }>,
      )) {
        const a = address.toLowerCase();
        if (!/^0x[0-9a-f]{40}$/.test(a)) continue;
        keep(`eth_getBalance:${a}:${block}`, account.balance);
        if (typeof account.nonce === "number") keep(`eth_getTransactionCount:${a}:${block}`, `0x${account.nonce.toString(16)}`);
        keep(`eth_getCode:${a}:${block}`, account.code);
        for (const [slot, value] of Object.entries(account.storage ?? {})) {
          const n = quantity(slot, 64);
          if (n !== undefined) keep(`eth_getStorageAt:${a}:${n}:${block}`, value);
        }
      }
    }
  };
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    prefetch,
    codeAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
