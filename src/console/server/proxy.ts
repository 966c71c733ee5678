import type { Context } from "hono";

/** Request headers passed on to a service: the key, the body's type, the request id. Nothing else (no cookies). */
const FORWARDED_REQUEST = ["authorization", "content-type", "x-request-id"];
/** Response headers passed back to the browser. */
const FORWARDED_RESPONSE = ["content-type", "x-request-id"];
/** The largest body the console forwards (applications, notes, decisions are small). */
export const MAX_PROXIED_BODY = 1024 * 1024;

export interface ProxiedService {
  /** What the service is called in sentences: "the monitor API". */
  name: string;
  /** Its base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /** How to start it, for the sentence when it does not answer. */
  start: string;
}

/**
 * Forwards `/api/<service>/<path>` to the service at `<url>/<path>` with the caller's API key, so the browser talks
 * to one origin (no CORS). The target always stays on the service's origin; an unreachable service is a 502 with a
 * sentence. The key is forwarded, never logged or kept.
 */
export function proxyTo(service: ProxiedService, prefix: string) {
  const base = new URL(service.url);
  const basePath = base.pathname.replace(/\/$/, "");
  return async (c: Context) => {
    const incoming = new URL(c.req.url);
    const rest = incoming.pathname.slice(prefix.length) || "/";
    const target = new URL(base.origin);
    target.pathname = `${basePath}${rest}`;
    target.search = incoming.search;
    if (target.origin !== base.origin) return c.json({ error: "that path leaves the service", requestId: null }, 400);
    const headers = new Headers();
    for (const h of FORWARDED_REQUEST) {
      const v = c.req.header(h);
      if (v) headers.set(h, v);
    }
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const tooLarge = () => c.json({ error: `the request body is larger than ${MAX_PROXIED_BODY / 1024} KB`, requestId: null }, 413);
      const length = c.req.header("content-length");
      if (length !== undefined && !/^\d{1,16}$/.test(length.trim()))
        return c.json({ error: "the Content-Length header is not a number of bytes: send the body's length, or send it chunked", requestId: null }, 400);
      if (length !== undefined && Number(length) > MAX_PROXIED_BODY) return tooLarge();
      const read = await readBounded(c.req.raw.body, MAX_PROXIED_BODY);
      if (read === undefined) return tooLarge();
      body = read;
    }
    let answer: Response;
    try {
      answer = await fetch(target, { method: c.req.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    } catch {
      return c.json({ error: `${service.name} at ${base.origin} does not answer: ${service.start}`, requestId: null }, 502);
    }
    const out = new Headers();
    for (const h of FORWARDED_RESPONSE) {
      const v = answer.headers.get(h);
      if (v) out.set(h, v);
    }
    return new Response(answer.body, { status: answer.status, headers: out });
  };
}

/**
 * Reads a request body, counting bytes as they arrive: stops and gives undefined as soon as it passes `limit`, so a
 * chunked body without a length can never be buffered beyond it.
 */
async function readBounded(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
