import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import type { Logger } from "./logger.js";

export type RequestIdVariables = { requestId: string };

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a short plain token, else a new UUID),
 * returned in the `X-Request-Id` header, and logs each request's method, route, status and duration. Not the
 * query string, the headers or the body: they carry keys and personal data.
 */
export function requestLogging(logger: Logger): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const assignId = requestId({ limitLength: 64 });
  return async (c, next) => {
    await assignId(c, async () => {
      const started = performance.now();
      await next();
      const status = c.res.status;
      const line = { requestId: c.get("requestId"), method: c.req.method, path: c.req.routePath ?? "", status, ms: Math.round(performance.now() - started) };
      if (status >= 500) logger.warn(line, "request failed");
      else logger.debug(line, "request");
    });
  };
}

/** An error body: the sentence and the request id to quote when reporting it. */
export function errorBody(c: Context, error: string) {
  return { error, requestId: (c.get("requestId") as string | undefined) ?? null };
}

/** The answer to an unexpected error: logged with the request id and the error (summarised), answered 500. */
export function internalError(c: Context, error: unknown, logger: Logger) {
  logger.error({ requestId: c.get("requestId"), method: c.req.method, path: c.req.routePath ?? "", err: error }, "internal error");
  return c.json(errorBody(c, "internal error: quote the request id when reporting it"), 500);
}
