import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import {
  appointSanctionsOperatorCall,
  connectProvider,
  credentialRegistryAbi,
  governViaTimelock,
  securityTokenAbi,
  unlockedAccounts,
} from "../../src/sdk/index.js";
import { parseSdnCsv } from "../../src/qualifier/screening/ofac.js";
import { QualifierService } from "../../src/qualifier/service/service.js";
import { qualifierConfigSchema } from "../../src/qualifier/service/config.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";
import { ENGINES } from "../support/engines.js";

const LEI = "529900T8BM49AURSDO55";
const LEI2 = "5493001KJTIIGC8Y1R12";
/** An SDN.CSV publication of `publishedAt` listing the test parties plus `extra` rows. */
const csv = (extra: string[] = []) =>
  [
    `90001,"NORTHWIND DIGITAL ASSETS LTD",-0- ,"CYBER2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Digital Currency Address - ETH 0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1."`,
    `90002,"CASTELLANO MULLER, Jerome","individual","[RUSSIA-EO14024]",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 15 Mar 1983."`,
    `90003,"KESTREL SHIPPING CO",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `,
    ...extra,
  ].join("\n");

const BRANDT = `90020,"BRANDT, Tomasz Wielgosz","individual","[RUSSIA-EO14024]",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `;

for (const [engine, databaseUrl] of ENGINES)
  describe(`Qualifier service: screening, review queue and publications (storage on ${engine})`, async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const market = await setupMarket(connection);
    const accounts = await unlockedAccounts(connection);
    const qualifier = accounts[5];
    const q = await startQualifierService(connection, market.deployment, qualifier, { databaseUrl: engine === "SQLite" ? undefined : databaseUrl() });
    const { keys, call } = q;
    const admin = (await q.service.createApiKey("admin", "compliance officer")).key;
    const admin2 = (await q.service.createApiKey("admin", "second officer")).key;
    after(() => q.close());
    const w = market.wallets;
    const owner = (name: string) => ({ name, dateOfBirth: "1971-05-02", nationality: "CH" });
    const application = async (wallet: (typeof w)[number], overrides: Record<string, unknown> = {}, lei = LEI) => ({
      legalName: "Helvetia Pension Fund Foundation",
      lei,
      country: "CH",
      classId: 1,
      owners: [owner("Anneliese Würgler-Zbinden")],
      wallets: [await q.signedWallet(wallet, lei)],
      ...overrides,
    });
    const canReceive = (a: Address) =>
      connection.publicClient.readContract({ address: market.token, abi: securityTokenAbi, functionName: "canReceive", args: [a] });

    it("puts a name match on hold with the score and the entry; a second, distinct reviewer must agree to clear it", async () => {
      const r = await call("POST", "/applications", keys.applicant, await application(w[0], { legalName: "Northwind Digital Assets" }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.status, "on_hold");
      assert.equal(r.body.hits[0].kind, "name match");
      assert.equal(r.body.hits[0].listUid, "90001");
      assert.ok(r.body.hits[0].score >= 0.9);
      const queue = await call("GET", "/reviews", keys.reviewer1);
      assert.equal(queue.status, 200);
      assert.ok(queue.body.some((h: { id: string }) => h.id === r.body.id));
      assert.equal((await call("GET", "/reviews", keys.applicant)).status, 403);
      assert.equal(
        (await call("POST", `/applications/${r.body.id}/approve`, keys.reviewer1, { reason: "fine" })).status,
        409,
        "a held application is not approved",
      );

      for (const outsider of [keys.applicant, keys.regulator]) {
        assert.equal((await call("POST", `/applications/${r.body.id}/clear`, outsider, { reason: "clear my own application" })).status, 403);
        assert.equal((await call("POST", `/applications/${r.body.id}/confirm`, outsider, { reason: "confirm it" })).status, 403);
      }
      const first = await call("POST", `/applications/${r.body.id}/clear`, keys.reviewer1, { reason: "different company, registered 2019 in Zug" });
      assert.deepEqual([first.status, first.body.status, first.body.clearances], [200, "on_hold", 1]);
      const again = await call("POST", `/applications/${r.body.id}/clear`, keys.reviewer1, { reason: "still a different company" });
      assert.equal(again.status, 409, "the same reviewer twice");
      assert.match(again.body.error, /different reviewer/);
      const sameHolder = (await q.service.createApiKey("reviewer", " maria ")).key;
      const twoKeys = await call("POST", `/applications/${r.body.id}/clear`, sameHolder, { reason: "agree with myself" });
      assert.equal(twoKeys.status, 409, "the same reviewer with another key");
      assert.match(twoKeys.body.error, /different reviewer/);
      // An admin who cleared cannot have a key it issues count as the second reviewer.
      const other = await call("POST", "/applications", keys.applicant, await application(w[6], { legalName: "Northwind Digital Assets" }));
      assert.equal((await call("POST", `/applications/${other.body.id}/clear`, admin, { reason: "a different company" })).status, 200);
      const puppet = await call("POST", "/keys", admin, { role: "reviewer", label: "Fresh Face", days: 1 });
      assert.equal(
        (await call("POST", `/applications/${other.body.id}/clear`, puppet.body.key, { reason: "agree" })).status,
        409,
        "not a key the first reviewer issued",
      );
      const second = await call("POST", `/applications/${r.body.id}/clear`, keys.reviewer2, { reason: "agree: different register entry" });
      assert.deepEqual([second.status, second.body.status], [200, "pending"]);
      const approved = await call("POST", `/applications/${r.body.id}/approve`, keys.reviewer1, { reason: "cleared by two reviewers" });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(await canReceive(w[0].account.address), true, "a cleared match does not block approval");
    });

    it("confirms a hit: rejected, and the wallets recorded for flagging when the qualifier has no sanctions role", async () => {
      const r = await call("POST", "/applications", keys.applicant, await application(w[1], { owners: [owner("Jerome Castellano Muller")] }));
      assert.equal(r.body.status, "on_hold");
      const confirmed = await call("POST", `/applications/${r.body.id}/confirm`, keys.reviewer1, { reason: "same person: date of birth matches" });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(confirmed.body.status, "rejected");
      assert.deepEqual(confirmed.body.sanctions, { flagged: false, requested: [w[1].account.address] });
      assert.equal((await call("POST", `/applications/${r.body.id}/clear`, keys.reviewer2, { reason: "too late" })).status, 409);
      // The wallets are refused at once from now on, even before the sanctions operator acts on the request.
      const again = await call("POST", "/applications", keys.applicant, await application(w[1], { legalName: "Some Other Name Holding" }, LEI2));
      assert.deepEqual([again.body.status, again.body.hits[0]?.kind], ["rejected", "wallet confirmed as sanctioned by this qualifier's review"]);
    });

    it("confirms a hit and flags the wallets on chain when the qualifier holds the sanctions role", async () => {
      const [, o1, o2] = accounts.map((a) => connection.signer(a));
      await governViaTimelock(connection, {
        deployment: market.deployment,
        calls: [appointSanctionsOperatorCall({ deployment: market.deployment, account: qualifier })],
        signers: [o1, o2],
      });
      const r = await call("POST", "/applications", keys.applicant, await application(w[2], { legalName: "Kestrel Shipping Company" }));
      assert.equal(r.body.status, "on_hold");
      const confirmed = await call("POST", `/applications/${r.body.id}/confirm`, keys.reviewer2, { reason: "same vessel operator" });
      assert.equal(confirmed.body.sanctions.flagged, true);
      assert.equal(
        await connection.publicClient.readContract({
          address: market.deployment.registries.credentials,
          abi: credentialRegistryAbi,
          functionName: "isSanctioned",
          args: [w[2].account.address],
        }),
        true,
      );
    });

    it("takes an erased applicant's hold out of the review queue", async () => {
      const r = await call("POST", "/applications", keys.applicant, await application(w[8], { legalName: "Northwind Digital Assets" }));
      assert.equal(r.body.status, "on_hold");
      assert.equal((await call("DELETE", `/applications/${r.body.id}`, admin, { legalBasis: "GDPR art. 17 request" })).status, 200);
      const queue = await call("GET", "/reviews", keys.reviewer1);
      assert.equal(
        queue.body.some((h: { id: string }) => h.id === r.body.id),
        false,
      );
    });

    it("refuses at once a wallet the on-chain oracle flags", async () => {
      await market.sanction(w[3].account.address);
      const r = await call("POST", "/applications", keys.applicant, await application(w[3]));
      assert.deepEqual([r.status, r.body.status], [201, "rejected"]);
      assert.equal(r.body.hits[0].kind, "wallet flagged by the on-chain sanctions oracle");
    });

    it("re-screens every party at approval: a party listed after the application gets no credential", async () => {
      const r = await call(
        "POST",
        "/applications",
        keys.applicant,
        await application(w[4], { owners: [owner("Anneliese Würgler-Zbinden"), owner("Valentina Orlova Petrenko")] }),
      );
      assert.equal(r.body.status, "pending");
      // The pool moves to a publication that lists the owner (as another service instance sharing it would).
      await q.service.ctx.pool.load(
        parseSdnCsv(csv([`90010,"PETRENKO, Valentina Orlova","individual","[RUSSIA-EO14024]",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `]), "2026-11-10"),
      );
      const approved = await call("POST", `/applications/${r.body.id}/approve`, keys.reviewer1, { reason: "looks fine" });
      assert.equal(approved.status, 409, JSON.stringify(approved.body));
      assert.match(approved.body.error, /on hold/);
      assert.equal(await canReceive(w[4].account.address), false);
      const read = await call("GET", `/applications/${r.body.id}`, keys.reviewer1);
      assert.equal(read.body.status, "on_hold");
      assert.equal(read.body.screening.at(-1).listUid, "90010");
    });

    it("at approval, screens against a newer publication another instance of the service stored", async () => {
      const r = await call("POST", "/applications", keys.applicant, await application(w[7], { owners: [owner("Tomasz Wielgosz Brandt")] }, LEI2));
      assert.equal(r.body.status, "pending");
      // Another instance sharing the registry stored a newer publication; this instance's pool still holds the older one.
      const list = parseSdnCsv(csv([BRANDT]), "2026-11-11");
      await q.database.db
        .insertInto("list_versions")
        .values({
          id: crypto.randomUUID(),
          source: list.source,
          published_at: list.publishedAt,
          loaded_at: new Date().toISOString(),
          entries: list.entries.length,
          diff: "{}",
          content: JSON.stringify(list),
        })
        .execute();
      const approved = await call("POST", `/applications/${r.body.id}/approve`, keys.reviewer1, { reason: "looks fine" });
      assert.equal(approved.status, 409, JSON.stringify(approved.body));
      assert.match(approved.body.error, /on hold.*90020/);
    });

    it("re-screens pending applicants when a publication is loaded", async () => {
      const r = await call("POST", "/applications", keys.applicant, await application(w[5], { legalName: "Gannet Freight Holdings" }, LEI2));
      assert.equal(r.body.status, "pending");
      const loaded = await call("POST", "/lists", admin, {
        format: "SDN.CSV",
        publishedAt: "2026-11-12",
        content: csv([BRANDT, `90011,"GANNET FREIGHT HOLDINGS",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `]),
      });
      assert.equal(loaded.status, 201, JSON.stringify(loaded.body));
      assert.ok(loaded.body.held.includes(r.body.id));
      assert.equal((await call("GET", `/applications/${r.body.id}`, keys.reviewer1)).body.status, "on_hold");
    });

    it("refuses publications with a bad, future or older date, empty ones, and large drops unless a second admin confirms", async () => {
      const load = (key: string, publishedAt: string, content = csv()) => call("POST", "/lists", key, { format: "SDN.CSV", publishedAt, content });
      for (const bad of ["abcd-00-00", "2026-13-45", "2026-02-30"]) {
        const r = await load(admin, bad);
        assert.equal(r.status, 400, bad);
        assert.match(r.body.error, /date/);
      }
      const future = await load(admin, "2030-01-01");
      assert.equal(future.status, 400);
      assert.match(future.body.error, /future/);
      assert.equal((await load(admin, "2026-11-05")).status, 409, "older than the current publication");
      const empty = await call("POST", "/lists", admin, {
        format: "SDN.XML",
        content: `<?xml version="1.0"?><sdnList><publshInformation><Publish_Date>11/13/2026</Publish_Date></publshInformation></sdnList>`,
      });
      assert.equal(empty.status, 400);
      assert.match(empty.body.error, /no entries/);
      // The current publication (2026-11-12) has 5 entries; this one drops 4 of them.
      const dropping = await load(admin, "2026-11-14", csv().split("\n").slice(0, 1).join("\n"));
      assert.equal(dropping.status, 202, JSON.stringify(dropping.body));
      assert.match(dropping.body.message, /another admin/);
      assert.equal((await call("POST", `/lists/pending/${dropping.body.pending}/confirm`, admin)).status, 409, "not by the admin who loaded it");
      assert.equal((await call("POST", `/lists/pending/${dropping.body.pending}/confirm`, keys.reviewer1)).status, 403);
      const sameAdmin = (await q.service.createApiKey("admin", "Compliance  Officer")).key;
      assert.equal((await call("POST", `/lists/pending/${dropping.body.pending}/confirm`, sameAdmin)).status, 409, "not by the same admin with another key");
      const puppet = await call("POST", "/keys", admin, { role: "admin", label: "Someone Else", days: 1 });
      assert.equal(puppet.status, 201, JSON.stringify(puppet.body));
      assert.equal(
        (await call("POST", `/lists/pending/${dropping.body.pending}/confirm`, puppet.body.key)).status,
        409,
        "not by a key the loading admin issued",
      );
      const confirmed = await call("POST", `/lists/pending/${dropping.body.pending}/confirm`, admin2);
      assert.equal(confirmed.status, 201, JSON.stringify(confirmed.body));
      assert.equal(confirmed.body.publishedAt, "2026-11-14");
    });

    it("recovers from bad publication dates an earlier version stored: they are never taken as the current one", async () => {
      const bogus = (published_at: string) => ({
        id: crypto.randomUUID(),
        source: "SDN.CSV",
        published_at,
        loaded_at: new Date().toISOString(),
        entries: 1,
        diff: "{}",
        content: JSON.stringify({ ...parseSdnCsv(csv(), "2026-01-01"), publishedAt: published_at }),
      });
      await q.database.db
        .insertInto("list_versions")
        .values([bogus("2030-01-01"), bogus("abcd-00-00")])
        .execute();
      const loaded = await call("POST", "/lists", admin, { format: "SDN.CSV", publishedAt: "2026-11-15", content: csv().split("\n").slice(0, 1).join("\n") });
      assert.equal(loaded.status, 201, JSON.stringify(loaded.body));
    });

    it("indexes the stored current publication at start, so a restarted service screens at once", async () => {
      const lines: string[] = [];
      const restarted = new QualifierService({
        ...q.service.ctx.d,
        pool: undefined,
        logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (_d, m) => lines.push(m) },
      });
      try {
        await restarted.start();
        assert.equal(restarted.ctx.pool.loaded?.publishedAt, "2026-11-15");
        assert.ok(
          lines.some((l) => /screening against SDN.CSV of 2026-11-15/.test(l)),
          lines.join("\n"),
        );
        const [hits] = await restarted.ctx.pool.screen([{ name: "Northwind Digital Assets Ltd", kind: "entity" }]);
        assert.equal(hits[0]?.entry.uid, "90001");
      } finally {
        await restarted.close();
      }
    });

    it("checks the role before it reads a publication's body", async () => {
      const { request } = await import("node:http");
      const url = new URL(q.url);
      const size = 200 * 1024 * 1024 - 1024;
      const started = Date.now();
      let sent = 0;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: "/lists",
            method: "POST",
            headers: { authorization: `Bearer ${keys.reviewer1}`, "content-type": "application/json", "content-length": size },
          },
          (res) => {
            resolve(res.statusCode ?? 0);
            res.resume();
            req.destroy();
          },
        );
        req.on("error", () => undefined);
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        const pump = () => {
          while (sent < 8 * chunk.length) {
            sent += chunk.length;
            if (!req.write(chunk)) return req.once("drain", pump);
          }
        };
        pump();
        setTimeout(() => {
          req.destroy();
          reject(new Error(`no answer after ${sent} bytes: the server waits for the body`));
        }, 5000).unref();
      });
      assert.equal(status, 403);
      assert.ok(sent < size, "answered before the body was sent");
      assert.ok(Date.now() - started < 5000);
    });
  });

describe("Qualifier service: input validation and nonces", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = (await unlockedAccounts(connection))[5];
  const q = await startQualifierService(connection, market.deployment, qualifier);
  const { keys, call } = q;
  after(() => q.close());
  const w = market.wallets;
  const base = async (overrides: Record<string, unknown> = {}) => ({
    legalName: "Helvetia Pension Fund Foundation",
    lei: LEI,
    country: "CH",
    classId: 1,
    owners: [{ name: "Anneliese Würgler-Zbinden", dateOfBirth: "1971-05-02", nationality: "CH" }],
    wallets: [await q.signedWallet(w[0], LEI)],
    ...overrides,
  });

  it("treats 5555, 05555 and 005555 as one nonce: one signature, one application", async () => {
    const proof = await q.signedWallet(w[1], LEI, 5555n);
    const statuses: number[] = [];
    for (const nonce of ["05555", "005555", "0005555", "5555", "05555"]) {
      const r = await call("POST", "/applications", keys.applicant, await base({ wallets: [{ ...proof, nonce }] }));
      statuses.push(r.status);
      if (r.status !== 201) assert.equal(typeof r.body.error, "string");
    }
    assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses ${statuses.join(", ")}`);
    assert.ok(statuses.every((s) => s < 500));
    const rows = await q.database.db.selectFrom("used_nonces").selectAll().where("wallet", "=", w[1].account.address).execute();
    assert.deepEqual(
      rows.map((r) => r.nonce),
      ["5555"],
      "kept as the canonical decimal",
    );
    assert.equal((await q.database.db.selectFrom("application_wallets").selectAll().where("address", "=", w[1].account.address).execute()).length, 1);
  });

  it("answers bad input with a 4xx and a sentence, never a 500", async () => {
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      ["country XX", { country: "XX" }, 400, /^country: .*ISO 3166/],
      ["nationality XX", { owners: [{ name: "A B", dateOfBirth: "1971-05-02", nationality: "XX" }] }, 400, /nationality: .*ISO 3166/],
      ["date of birth 1970-13-45", { owners: [{ name: "A B", dateOfBirth: "1970-13-45", nationality: "CH" }] }, 400, /dateOfBirth: .*real date/],
      ["date of birth 2999-01-01", { owners: [{ name: "A B", dateOfBirth: "2999-01-01", nationality: "CH" }] }, 400, /dateOfBirth: .*past/],
      ["class the qualifier may not issue", { classId: 7 }, 422, /may not issue class 7/],
    ];
    for (const [what, overrides, status, message] of cases) {
      const r = await call("POST", "/applications", keys.applicant, await base(overrides));
      assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error, message, what);
    }
    const far = await q.signedWallet(w[2], LEI, undefined, 2n ** 53n - 1n);
    const expiry = await call("POST", "/applications", keys.applicant, await base({ wallets: [far] }));
    assert.equal(expiry.status, 400, JSON.stringify(expiry.body));
    assert.match(expiry.body.error, /expiresAt/);
    const twice = await q.signedWallet(w[3], LEI);
    const dup = await call("POST", "/applications", keys.applicant, await base({ wallets: [twice, { ...(await q.signedWallet(w[3], LEI)) }] }));
    assert.equal(dup.status, 400, JSON.stringify(dup.body));
    assert.match(dup.body.error, /once/);
    assert.equal((await q.database.db.selectFrom("applications").select("id").execute()).length, 1, "only the application of the nonce test");
  });

  it("answers a revert that is the caller's fault with a 4xx and the decoded reason", async () => {
    const first = await call("POST", "/applications", keys.applicant, await base({ wallets: [await q.signedWallet(w[5], LEI)] }));
    const second = await call("POST", "/applications", keys.applicant, await base({ wallets: [await q.signedWallet(w[5], LEI)] }));
    assert.equal((await call("POST", `/applications/${first.body.id}/approve`, keys.reviewer1, { reason: "complete" })).status, 200);
    const again = await call("POST", `/applications/${second.body.id}/approve`, keys.reviewer1, { reason: "complete" });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.match(again.body.error, /already exists: renew it instead/);
  });

  it("refuses for a qualifier that is not admitted, with a sentence", async () => {
    const outsider = (await unlockedAccounts(connection))[6];
    const other = await startQualifierService(connection, market.deployment, outsider);
    try {
      const r = await other.call("POST", "/applications", other.keys.applicant, { ...(await base()), wallets: [await other.signedWallet(w[4], LEI)] });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.match(r.body.error, /not an admitted/);
    } finally {
      await other.close();
    }
  });
});

describe("Qualifier service: no publication loaded", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = (await unlockedAccounts(connection))[5];
  const lines: string[] = [];
  const q = await startQualifierService(connection, market.deployment, qualifier, { publication: false, log: (line) => lines.push(line) });
  after(() => q.close());

  it("says so at start and refuses approvals until a publication is loaded", async () => {
    assert.ok(
      lines.some((l) => /no sanctions publication is loaded/.test(l)),
      lines.join("\n"),
    );
    const r = await q.call("POST", "/applications", q.keys.applicant, {
      legalName: "Helvetia Pension Fund Foundation",
      lei: LEI,
      country: "CH",
      classId: 1,
      owners: [],
      wallets: [await q.signedWallet(market.wallets[0], LEI)],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const approve = await q.call("POST", `/applications/${r.body.id}/approve`, q.keys.reviewer1, { reason: "looks fine" });
    assert.equal(approve.status, 409);
    assert.match(approve.body.error, /no sanctions publication is loaded/);
  });
});

const REAL = join(import.meta.dirname, "..", "..", "..", "shared", "data", "ofac", "sdn-csv");
const realMissing = existsSync(join(REAL, "sdn-2024-05-03.csv"))
  ? false
  : `the real SDN.CSV publications are not in ${REAL}: this test needs ../shared/data beside the repository`;

describe("Qualifier service against a real SDN.CSV publication", { skip: realMissing }, async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = (await unlockedAccounts(connection))[5];
  const q = await startQualifierService(connection, market.deployment, qualifier, { publication: false });
  const admin = (await q.service.createApiKey("admin", "compliance officer")).key;
  after(() => q.close());
  const load = (date: string) =>
    q.call("POST", "/lists", admin, { format: "SDN.CSV", publishedAt: date, content: readFileSync(join(REAL, `sdn-${date}.csv`), "utf8") });

  it("loads it through POST /lists, holds a listed name, approves an unlisted one, refuses an older publication", async () => {
    const started = Date.now();
    const loaded = await load("2024-05-03");
    assert.equal(loaded.status, 201, JSON.stringify(loaded.body));
    assert.ok(loaded.body.diff.added > 14_000, `${loaded.body.diff.added} parties`);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 60, `loading took ${seconds} s`);
    const apply = async (legalName: string, wallet: (typeof market.wallets)[number]) =>
      q.call("POST", "/applications", q.keys.applicant, {
        legalName,
        lei: LEI,
        country: "CH",
        classId: 1,
        owners: [],
        wallets: [await q.signedWallet(wallet, LEI)],
      });
    const listed = await apply("Banco Nacional de Cuba", market.wallets[0]);
    assert.equal(listed.body.status, "on_hold", JSON.stringify(listed.body));
    assert.equal(listed.body.hits[0].listUid, "306");
    const clean = await apply("Helvetia Pension Fund Foundation", market.wallets[1]);
    assert.equal(clean.body.status, "pending", JSON.stringify(clean.body));
    assert.equal((await q.call("POST", `/applications/${clean.body.id}/approve`, q.keys.reviewer1, { reason: "no hits" })).status, 200);
    assert.equal((await load("2024-05-02")).status, 409, "an older publication is refused");
  });

  it("screens an application with 25 owners against it while /health keeps answering", async () => {
    const owners = Array.from({ length: 25 }, (_, i) => ({ name: `Owner Number${i} Examplename`, dateOfBirth: "1970-01-01", nationality: "CH" }));
    let done = false;
    const healthMs: number[] = [];
    const poll = (async () => {
      while (!done) {
        const t = performance.now();
        await fetch(`${q.url}/health`);
        healthMs.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const started = performance.now();
    const r = await q.call("POST", "/applications", q.keys.applicant, {
      legalName: "Alpine Custody Partners AG",
      lei: LEI,
      country: "CH",
      classId: 1,
      owners,
      wallets: [await q.signedWallet(market.wallets[2], LEI)],
    });
    const elapsed = performance.now() - started;
    done = true;
    await poll;
    assert.equal(r.status, 201, JSON.stringify(r.body));
    console.log(
      `    26 parties screened in ${elapsed.toFixed(0)} ms; /health answered ${healthMs.length} times meanwhile, slowest ${Math.max(...healthMs).toFixed(0)} ms`,
    );
    assert.ok(elapsed < 5000, `${elapsed} ms`);
    assert.ok(Math.max(...healthMs) < 1000, `/health took ${Math.max(...healthMs)} ms`);
  });
});

describe("Qualifier configuration: policy", () => {
  it("refuses a blocked country that is not an assigned ISO 3166-1 code (UK is GB), and a drop share outside [0, 1]", () => {
    const base = { vault: { keys: { k: "x" }, current: "k", indexKey: "y" }, audit: { keys: { a: "z" }, current: "a" } };
    const uk = qualifierConfigSchema.safeParse({ ...base, policy: { blockedCountries: ["UK"] } });
    assert.equal(uk.success, false);
    assert.match(uk.error!.issues[0].message, /ISO 3166-1/);
    assert.equal(qualifierConfigSchema.safeParse({ ...base, policy: { maxListDrop: 2 } }).success, false);
    const ok = qualifierConfigSchema.safeParse({ ...base, policy: { blockedCountries: ["GB", "US"] } });
    assert.ok(ok.success, JSON.stringify(ok.error?.issues));
    assert.equal(ok.data.policy.maxListDrop, 0.05);
  });
});
