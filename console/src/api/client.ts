import type { Session } from "./session";

/** A refusal or failure, as a sentence a person can act on (the service's own words when it gave some). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

export type Service = "monitor" | "qualifier" | "chain" | "console" | "stress";

const PREFIX: Record<Service, string> = {
  monitor: "/api/monitor",
  qualifier: "/api/qualifier",
  chain: "/api/chain",
  console: "/api/console",
  stress: "/api/stress",
};
const NAME: Record<Service, string> = {
  monitor: "The monitor API",
  qualifier: "The qualifier service",
  chain: "The chain view",
  console: "The console",
  stress: "The stress report",
};

/** Calls one of the console's back ends with the session's key for that service; errors become `ApiError`s. */
export async function call<T>(session: Session, service: Service, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const key = service === "monitor" ? session.monitorKey : service === "qualifier" ? session.qualifierKey : undefined;
  if (key) headers.authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`${PREFIX[service]}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError("The console's server does not answer: is `qualified console` still running?", 0, null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(`${NAME[service]} answered ${response.status} with something that is not JSON.`, response.status, response.headers.get("x-request-id"));
  }
  if (!response.ok) {
    const { error, requestId } = (body ?? {}) as { error?: string; requestId?: string | null };
    const sentence = error ? `${error.charAt(0).toUpperCase()}${error.slice(1)}` : `${NAME[service]} answered ${response.status}.`;
    throw new ApiError(sentence.endsWith(".") ? sentence : `${sentence}.`, response.status, requestId ?? response.headers.get("x-request-id"));
  }
  return body as T;
}
