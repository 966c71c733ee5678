import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Hex } from "viem";
import { z } from "zod";
import { ServiceError, type Principal, type QualifierService } from "./service.js";
import { parseSdnAdvancedXml, parseSdnCsv, parseSdnXml } from "../screening/ofac.js";
import { canonicalNonce, countryCode, ownerBody, partyName } from "./fields.js";
import { ROLES } from "./context.js";
import { DEFAULT_KEY_DAYS, MAX_KEY_DAYS } from "../../auth/api-keys.js";
import { errorBody, internalError, requestLogging } from "../../logging/http.js";
import { createLogger, type Logger } from "../../logging/logger.js";

import { addressSchema as address } from "../../sdk/address-schema.js";

export const applicationBody = z
  .object({
    legalName: partyName,
    lei: z.string().max(40),
    country: countryCode,
    classId: z.number().int().min(0).max(255),
    owners: z.array(ownerBody).max(25),
    wallets: z
      .array(
        z
          .object({
            address,
            nonce: canonicalNonce,
            // Seconds since 1970; the service refuses proofs that expire more than 30 days ahead.
            expiresAt: z
              .number()
              .int()
              .positive()
              .max(2 ** 40),
            signature: z
              .string()
              .regex(/^0x[0-9a-fA-F]{130,2000}$/, "a hex signature")
              .transform((h) => h as Hex),
          })
          .strict(),
      )
      .min(1)
      .max(10)
      .refine((ws) => new Set(ws.map((w) => w.address)).size === ws.length, "each wallet may appear only once in an application"),
  })
  .strict();
export const decisionBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const listBody = z
  .object({
    format: z.enum(["SDN.XML", "SDN_ADVANCED.XML", "SDN.CSV"]),
    content: z.string().min(1),
    publishedAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-11-15")
      .optional(),
  })
  .strict();
export const erasureBody = z.object({ legalBasis: z.string().trim().min(5).max(500) }).strict();
export const keyBody = z
  .object({ role: z.enum(ROLES), label: z.string().trim().min(1).max(100), days: z.number().int().min(1).max(MAX_KEY_DAYS).default(DEFAULT_KEY_DAYS) })
  .strict();
export const keyRevocationBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const disclosureBody = z.object({ wallet: address, caseRef: z.string().trim().min(3).max(100), reason: z.string().trim().min(10).max(1000) }).strict();

/** OpenAPI 3.1 for the routes below, from the same zod schemas that validate requests. */
export function openApiDocument() {
  // The request side of each schema (io: "input"): what a client sends, before transforms.
  const json = (schema: z.ZodType) => ({ content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input" }) } } });
  const secured = { security: [{ apiKey: [] }] };
  return {
    openapi: "3.1.0",
    info: { title: "Qualified qualifier service", version: "0.1.0" },
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    paths: {
      "/applications": {
        get: {
          ...secured,
          summary: "find applications by LEI or legal name, through blind indexes (reviewer)",
          responses: { "200": { description: "matching applications" } },
        },
        post: {
          ...secured,
          summary: "apply (applicant)",
          requestBody: json(applicationBody),
          responses: { "201": { description: "received or refused by screening" } },
        },
      },
      "/applications/{id}": {
        get: { ...secured, summary: "read an application (reviewer, admin; logged)", responses: { "200": { description: "the application" } } },
        delete: {
          ...secured,
          summary: "erase the applicant's personal data (admin; the audit trail stays)",
          requestBody: json(erasureBody),
          responses: { "200": { description: "erased" } },
        },
      },
      "/applications/{id}/approve": {
        post: {
          ...secured,
          summary: "approve and issue credentials on chain (reviewer)",
          requestBody: json(decisionBody),
          responses: { "200": { description: "approved" } },
        },
      },
      "/applications/{id}/reject": {
        post: { ...secured, summary: "reject (reviewer)", requestBody: json(decisionBody), responses: { "200": { description: "rejected" } } },
      },
      "/applications/{id}/renew": {
        post: {
          ...secured,
          summary: "renew the credentials on chain (reviewer)",
          requestBody: json(decisionBody),
          responses: { "200": { description: "renewed" } },
        },
      },
      "/applications/{id}/revoke": {
        post: {
          ...secured,
          summary: "revoke the credentials on chain (reviewer)",
          requestBody: json(decisionBody),
          responses: { "200": { description: "revoked" } },
        },
      },
      "/applications/{id}/clear": {
        post: {
          ...secured,
          summary:
            "clear a screening hold: the match is not the applicant (reviewer; a second reviewer of another party must agree: not a key issued by, or with, the first)",
          requestBody: json(decisionBody),
          responses: { "200": { description: "clearance recorded; pending once two reviewers agree" } },
        },
      },
      "/applications/{id}/confirm": {
        post: {
          ...secured,
          summary: "confirm a screening hold: rejected, wallets flagged or a flag requested (reviewer)",
          requestBody: json(decisionBody),
          responses: { "200": { description: "rejected" } },
        },
      },
      "/me": { get: { ...secured, summary: "the role and holder of the key in use", responses: { "200": { description: "role and label" } } } },
      "/pending": {
        get: {
          ...secured,
          summary: "pending applications and disclosure requests waiting for approvers, without personal data (reviewer, admin)",
          responses: { "200": { description: "the desk" } },
        },
      },
      "/reviews": {
        get: {
          ...secured,
          summary: "the review queue: applications on hold with score and matched entry (reviewer)",
          responses: { "200": { description: "open holds" } },
        },
      },
      "/lists": {
        post: {
          ...secured,
          summary:
            "load a new sanctions list publication and re-screen pending, on hold, being approved and approved applicants (admin; the role is checked before the body is read)",
          requestBody: json(listBody),
          responses: {
            "201": { description: "version stored, diff, held, refused and revoked applications" },
            "202": { description: "drops many entries: waits for another admin's confirmation" },
          },
        },
      },
      "/lists/pending/{id}/confirm": {
        post: { ...secured, summary: "confirm a publication that drops many entries (another admin)", responses: { "201": { description: "loaded" } } },
      },
      "/disclosures": {
        post: {
          ...secured,
          summary: "ask who is behind a wallet (regulator)",
          requestBody: json(disclosureBody),
          responses: { "201": { description: "pending" } },
        },
      },
      "/disclosures/{id}/approve": {
        post: { ...secured, summary: "approve a disclosure (reviewer, admin)", responses: { "200": { description: "approval recorded" } } },
      },
      "/keys": {
        get: {
          ...secured,
          summary: "list API keys: role, holder, expiry, revocation; never the keys (admin)",
          responses: { "200": { description: "the keys" } },
        },
        post: {
          ...secured,
          summary: "create an API key, shown once; it expires after `days` (admin)",
          requestBody: json(keyBody),
          responses: { "201": { description: "the key, once" } },
        },
      },
      "/keys/{id}/revoke": {
        post: {
          ...secured,
          summary: "revoke an API key at once (admin; not the key in use)",
          requestBody: json(keyRevocationBody),
          responses: { "200": { description: "revoked" } },
        },
      },
      "/disclosures/{id}": {
        get: { ...secured, summary: "read the answer (the requester, once approved; logged)", responses: { "200": { description: "who holds the wallet" } } },
      },
    },
  };
}

/** The qualifier service over HTTP. Every route but /health and /openapi.json needs an API key. */
export function createQualifierApp(service: QualifierService, options: { requestsPerMinute?: number; maxBodyBytes?: number; logger?: Logger } = {}) {
  const app = new Hono<{ Variables: { principal: Principal; requestId: string } }>();
  const logger = options.logger ?? createLogger({ name: "qualifier" });
  // First of all: every request gets an id (X-Request-Id, and in every error body); failures are logged with it.
  app.use("*", requestLogging(logger));
  const limit = options.requestsPerMinute ?? 120;
  const windows = new Map<string, { start: number; count: number }>();
  const fail = (c: Context, status: number, error: string) => c.json(errorBody(c, error), status as 400);

  // Official list publications run to tens of megabytes; everything else is small.
  const smallBodies = bodyLimit({ maxSize: options.maxBodyBytes ?? 64 * 1024, onError: (c) => fail(c, 413, "the request body is too large") });
  const listBodies = bodyLimit({ maxSize: 200 * 1024 * 1024, onError: (c) => fail(c, 413, "the list publication is larger than 200 MB") });
  app.use("*", (c, next) => (c.req.path === "/lists" ? listBodies(c, next) : smallBodies(c, next)));
  app.get("/health", (c) => c.json({ ok: true }));
  app.get("/openapi.json", (c) => c.json(openApiDocument()));

  app.use("*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const key = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!key) return fail(c, 401, "a valid API key is required: Authorization: Bearer <key>");
    const checked = await service.checkKey(key);
    if (!checked.ok) return fail(c, 401, checked.reason);
    const principal = checked.principal;
    const now = Date.now();
    const w = windows.get(principal.keyId);
    if (!w || now - w.start >= 60_000) windows.set(principal.keyId, { start: now, count: 1 });
    else if (++w.count > limit) return fail(c, 429, `more than ${limit} requests a minute: slow down`);
    c.set("principal", principal);
    await next();
  });

  const body = async <T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ServiceError(400, "the body must be JSON");
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ServiceError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    return parsed.data;
  };
  const id = (c: Context) => {
    const v = c.req.param("id") ?? "";
    if (!/^[0-9a-f-]{36}$/.test(v)) throw new ServiceError(400, `"${v}" is not an id`);
    return v;
  };

  app.get("/me", (c) => c.json({ role: c.get("principal").role, label: c.get("principal").label }));
  app.get("/pending", async (c) => c.json(await service.pendingWork(c.get("principal"))));
  app.post("/applications", async (c) => c.json(await service.apply(c.get("principal"), await body(c, applicationBody)), 201));
  app.get("/applications/:id", async (c) => c.json(await service.get(c.get("principal"), id(c))));
  app.post("/applications/:id/approve", async (c) => c.json(await service.approve(c.get("principal"), id(c), (await body(c, decisionBody)).reason)));
  app.post("/applications/:id/reject", async (c) => c.json(await service.reject(c.get("principal"), id(c), (await body(c, decisionBody)).reason)));
  app.get("/applications", async (c) => {
    const q = z
      .object({ lei: z.string().max(40).optional(), name: z.string().max(200).optional() })
      .strict()
      .safeParse(c.req.query());
    if (!q.success) throw new ServiceError(400, `${q.error.issues[0].path.join(".") || "query"}: ${q.error.issues[0].message}`);
    return c.json(await service.search(c.get("principal"), q.data));
  });
  app.post("/applications/:id/renew", async (c) => c.json(await service.renew(c.get("principal"), id(c), (await body(c, decisionBody)).reason)));
  app.post("/applications/:id/revoke", async (c) => c.json(await service.revoke(c.get("principal"), id(c), (await body(c, decisionBody)).reason)));
  app.delete("/applications/:id", async (c) => c.json(await service.erase(c.get("principal"), id(c), (await body(c, erasureBody)).legalBasis)));
  app.get("/reviews", async (c) => c.json(await service.reviewQueue(c.get("principal"))));
  app.post("/applications/:id/clear", async (c) => c.json(await service.clearHold(c.get("principal"), id(c), (await body(c, decisionBody)).reason)));
  app.post("/applications/:id/confirm", async (c) => c.json(await service.confirmHold(c.get("principal"), id(c), (await body(c, decisionBody)).reason)));
  app.post("/lists/pending/:id/confirm", async (c) => c.json(await service.confirmList(c.get("principal"), id(c)), 201));
  app.post("/lists", async (c) => {
    // The role first: a key that may not load lists never makes the server read (let alone parse) a large body.
    service.ctx.require(c.get("principal"), "admin");
    const input = await body(c, listBody);
    let list: ReturnType<typeof parseSdnXml>;
    try {
      list =
        input.format === "SDN.XML"
          ? parseSdnXml(input.content)
          : input.format === "SDN_ADVANCED.XML"
            ? parseSdnAdvancedXml(input.content)
            : parseSdnCsv(input.content, input.publishedAt ?? "");
    } catch (e) {
      throw new ServiceError(400, `${input.format}: ${(e as Error).message}`);
    }
    const result = await service.loadList(c.get("principal"), list);
    return c.json(result, result.status === "pending" ? 202 : 201);
  });
  app.post("/disclosures", async (c) => c.json(await service.requestDisclosure(c.get("principal"), await body(c, disclosureBody)), 201));
  app.post("/disclosures/:id/approve", async (c) => c.json(await service.approveDisclosure(c.get("principal"), id(c))));
  app.get("/disclosures/:id", async (c) => c.json(await service.disclosure(c.get("principal"), id(c))));

  app.get("/keys", async (c) => c.json(await service.listKeys(c.get("principal"))));
  app.post("/keys", async (c) => c.json(await service.issueKey(c.get("principal"), await body(c, keyBody)), 201));
  app.post("/keys/:id/revoke", async (c) => c.json(await service.revokeKey(c.get("principal"), id(c), (await body(c, keyRevocationBody)).reason)));

  app.notFound((c) => fail(c, 404, "no such route"));
  app.onError((err, c) => (err instanceof ServiceError ? fail(c, err.status, err.message) : internalError(c, err, logger)));
  return app;
}
