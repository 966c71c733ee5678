import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";
import { ENGINES } from "../support/engines.js";

/** Every route, fed malformed requests by fast-check: always a 4xx with a sentence, never a 5xx, nothing changed. */
for (const [engine, databaseUrl] of ENGINES)
  describe(`Qualifier service: property-based malformed requests (qualifier storage on ${engine})`, async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const market = await setupMarket(connection);
    const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
    const q = await startQualifierService(connection, market.deployment, qualifier, { databaseUrl: engine === "SQLite" ? undefined : databaseUrl() });
    const admin = (await q.service.createApiKey("admin", "fuzz")).key;
    after(() => q.close());

    const routes: [method: string, path: (id: string) => string][] = [
      ["POST", () => "/applications"],
      ["GET", (id) => `/applications/${id}`],
      ["POST", (id) => `/applications/${id}/approve`],
      ["POST", (id) => `/applications/${id}/reject`],
      ["POST", (id) => `/applications/${id}/revoke`],
      ["POST", (id) => `/applications/${id}/clear`],
      ["POST", (id) => `/applications/${id}/confirm`],
      ["POST", (id) => `/lists/pending/${id}/confirm`],
      ["DELETE", (id) => `/applications/${id}`],
      ["POST", () => "/lists"],
      ["POST", () => "/disclosures"],
      ["POST", (id) => `/disclosures/${id}/approve`],
      ["GET", (id) => `/disclosures/${id}`],
      ["POST", () => "/keys"],
      ["POST", (id) => `/keys/${id}/revoke`],
    ];
    const count = async (table: "applications" | "disclosure_requests" | "list_versions" | "api_keys") =>
      (
        await q.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;

    it("answers every malformed request at every route with a 4xx and changes nothing", async () => {
      const before = [await count("applications"), await count("disclosure_requests"), await count("list_versions"), await count("api_keys")];
      const body = fc.oneof(
        fc.json(),
        fc.string(),
        fc.record({
          legalName: fc.string(),
          lei: fc.string(),
          country: fc.string(),
          classId: fc.integer(),
          owners: fc.anything(),
          wallets: fc.array(fc.anything()),
        }),
        fc.record({ wallet: fc.string(), caseRef: fc.string(), reason: fc.string() }),
        fc.record({ format: fc.constantFrom("SDN.XML", "SDN_ADVANCED.XML", "SDN.CSV", "PDF"), content: fc.string() }),
        fc.record({
          format: fc.constant("SDN.CSV"),
          content: fc.string(),
          publishedAt: fc.oneof(fc.string(), fc.constantFrom("2030-01-01", "abcd-00-00", "2026-02-30", "1999-01-01")),
        }),
        fc.record({
          legalName: fc.string({ minLength: 1 }),
          lei: fc.constant("529900T8BM49AURSDO55"),
          country: fc.constantFrom("CH", "XX", "ch", "ZZ"),
          classId: fc.integer({ min: -1, max: 300 }),
          owners: fc.array(
            fc.record({
              name: fc.string(),
              dateOfBirth: fc.constantFrom("1970-13-45", "2999-01-01", "1980-02-30", "x"),
              nationality: fc.constantFrom("XX", "CH"),
            }),
            { maxLength: 2 },
          ),
          wallets: fc.array(
            fc.record({
              address: fc.constant("0x0000000000000000000000000000000000000001"),
              nonce: fc.constantFrom("05555", "-1", "1e3", "5555"),
              expiresAt: fc.constantFrom(2 ** 53 - 1, 0, -5),
              signature: fc.constant(`0x${"11".repeat(65)}`),
            }),
            { maxLength: 3 },
          ),
        }),
        fc.record({ reason: fc.string({ maxLength: 2 }) }),
        fc.record({ role: fc.constantFrom("janitor", "Admin", "", "reader"), label: fc.string(), days: fc.constantFrom(0, -1, 731, 1.5, 1e9, "90") }),
        fc.record({ role: fc.constant("reviewer"), label: fc.constantFrom("", " ", "x".repeat(101)) }),
      );
      const id = fc.oneof(
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes("/") && !s.includes("?") && !s.includes("#")),
      );
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: routes.length - 1 }), id, body, async (r, someId, payload) => {
          const [method, path] = routes[r];
          const res = await q.call(
            method,
            path(encodeURIComponent(someId)),
            admin,
            method === "GET" ? undefined : typeof payload === "string" ? payload : JSON.stringify(payload),
          );
          assert.ok(res.status >= 400 && res.status < 500, `${method} ${path(someId)} answered ${res.status}: ${JSON.stringify(res.body)}`);
          assert.equal(typeof res.body.error, "string");
          assert.match(res.body.requestId, /^[0-9a-f-]{36}$/, "every error body carries the request id");
        }),
        { numRuns: 300 },
      );
      assert.deepEqual([await count("applications"), await count("disclosure_requests"), await count("list_versions"), await count("api_keys")], before);
    });
  });
