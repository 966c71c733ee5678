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
    let body: ArrayBuffer | undefined;
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const declared = Number(c.req.header("content-length") ?? 0);
      if (declared > MAX_PROXIED_BODY) return c.json({ error: `the request body is larger than ${MAX_PROXIED_BODY / 1024} KB`, requestId: null }, 413);
      body = await c.req.arrayBuffer();
      if (body.byteLength > MAX_PROXIED_BODY) return c.json({ error: `the request body is larger than ${MAX_PROXIED_BODY / 1024} KB`, requestId: null }, 413);
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
