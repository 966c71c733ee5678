/**
 * A hostile applicant's ways around name screening, against the real OFAC SDN.CSV publication of 2024-05-03
 * loaded as an admin would (POST /lists). Each case asserts what screening must do: hold the application for
 * review (or refuse a name too long to screen whole with a 400).
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";

const LEI = "529900T8BM49AURSDO55";
const SDN = "/work/shared/data/ofac/sdn-csv/sdn-2024-05-03.csv";

describe("screening evasion: listed parties are held however they are written", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
  const q = await startQualifierService(connection, market.deployment, qualifier, { publication: false });
  after(() => q.close());
  const admin = (await q.service.createApiKey("admin", "list officer")).key;
  const loaded = await q.call("POST", "/lists", admin, { format: "SDN.CSV", publishedAt: "2024-05-03", content: readFileSync(SDN, "utf8") });
  assert.equal(loaded.status, 201, JSON.stringify(loaded.body));

  let n = 0;
  const apply = async (legalName: string, owners: { name: string; kind?: string; dateOfBirth?: string; nationality?: string }[]) => {
    const wallet = market.wallets[n++ % market.wallets.length];
    const r = await q.call("POST", "/applications", q.keys.applicant, {
      legalName,
      lei: LEI,
      country: "CH",
      classId: 1,
      owners,
      wallets: [await q.signedWallet(wallet, LEI)],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; status: string; hits: unknown[] };
  };
  const clean = "Helvetia Pension Fund Foundation";

  it("control: the listed full name with the listed date of birth is held", async () => {
    const r = await apply(clean, [{ name: "Vladimir Vladimirovich Putin", dateOfBirth: "1952-10-07", nationality: "RU" }]);
    assert.equal(r.status, "on_hold");
  });

  it("A1 a declared date of birth and nationality never clear an exact listed name", async () => {
    // PUTIN, Vladimir Vladimirovich (SDN 35096): exact name, the applicant simply declares another DOB and nationality.
    const r = await apply(clean, [{ name: "Vladimir Vladimirovich Putin", dateOfBirth: "1980-01-01", nationality: "CH" }]);
    // A reviewer who trusts the screening approves it: approval re-screens with the same scorer, and issues on chain.
    const approved =
      r.status === "pending" ? await q.call("POST", `/applications/${r.id}/approve`, q.keys.reviewer1, { reason: "screening clean" }) : undefined;
    assert.equal(
      r.status,
      "on_hold",
      `exact listed name passed with a declared DOB/nationality: ${JSON.stringify(r)}; approval answered ${approved?.status} ${JSON.stringify(approved?.body)}`,
    );
  });

  it("A2 a listed company entered as an owner is held, as a person (type differs) or as a company", async () => {
    // ROSNEFT TRADING S.A. (SDN 18299), exact name, as a corporate shareholder.
    const r = await apply(clean, [{ name: "Rosneft Trading S.A.", dateOfBirth: "1990-01-01", nationality: "CH" }]);
    assert.equal(r.status, "on_hold", `a listed company passed as an owner: ${JSON.stringify(r)}`);
  });

  it("a company owner (kind entity) is screened as a company", async () => {
    const r = await apply(clean, [{ name: "Rosneft Trading S.A.", kind: "entity", nationality: "CH" }]);
    assert.equal(r.status, "on_hold", JSON.stringify(r));
    const ok = await apply(clean, [{ name: "Helvetia Holding AG", kind: "entity" }]);
    assert.equal(ok.status, "pending", JSON.stringify(ok));
  });

  it("refuses, with a 400 and a sentence, a name too long to screen whole and an owner without the facts its kind needs", async () => {
    const wallet = market.wallets[0];
    const post = async (legalName: string, owners: unknown[]) =>
      q.call("POST", "/applications", q.keys.applicant, {
        legalName,
        lei: LEI,
        country: "CH",
        classId: 1,
        owners,
        wallets: [await q.signedWallet(wallet, LEI)],
      });
    const words21 = Array.from({ length: 21 }, (_, i) => `Word${String.fromCharCode(97 + i)}`).join(" ");
    const cases: [string, unknown[], RegExp][] = [
      [words21, [], /at most 20 words/],
      // Punctuation splits words as screening splits them: one "word" to a whitespace split is 21 to screening.
      [words21.replace(/ /g, "-"), [], /at most 20 words/],
      [`Northwind ${"x".repeat(200)}`, [], /at most 200 characters/],
      [clean, [{ name: words21, dateOfBirth: "1960-01-01", nationality: "CH" }], /at most 20 words/],
      [clean, [{ name: "Ivan Petrov" }], /individual owner needs dateOfBirth and nationality/],
      [clean, [{ name: "Helvetia Holding AG", kind: "entity", dateOfBirth: "1990-01-01" }], /company owner has no dateOfBirth/],
      [clean, [{ name: "Helvetia Holding AG", kind: "trust" }], /kind/],
    ];
    for (const [legalName, owners, sentence] of cases) {
      const r = await post(legalName, owners);
      assert.equal(r.status, 400, `${legalName.slice(0, 40)} ${JSON.stringify(owners)}: ${JSON.stringify(r.body)}`);
      assert.match((r.body as { error: string }).error, sentence);
    }
    // Twenty words, legal forms and joining words aside, are taken.
    const twenty = await post(`${words21.split(" ").slice(0, 20).join(" ")} & Co. AG`, []);
    assert.equal(twenty.status, 201, JSON.stringify(twenty.body));
  });

  it("documents the owner's kind in the OpenAPI", async () => {
    const doc = (await q.call("GET", "/openapi.json")).body as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
    };
    const owner = JSON.stringify(doc.paths["/applications"].post.requestBody.content["application/json"].schema);
    assert.match(owner, /"kind":\{[^}]*"enum":\["individual","entity"\]/);
  });

  it("A3 every word is screened: a listed name behind twelve filler words is held", async () => {
    const r = await apply("Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Rosneft Trading SA", []);
    assert.equal(r.status, "on_hold", `listed legal name hidden behind 12 words: ${JSON.stringify(r)}`);
    const o = await apply(clean, [{ name: "A B C D E F G H I J K L Vladimir Vladimirovich Putin", dateOfBirth: "1952-10-07", nationality: "RU" }]);
    assert.equal(o.status, "on_hold", `listed owner hidden behind 12 words: ${JSON.stringify(o)}`);
  });

  it("A4 a letter-spaced surname ('P u t i n', 'P_u_t_i_n') is rejoined", async () => {
    for (const name of ["Vladimir Vladimirovich P u t i n", "Vladimir Vladimirovich P_u_t_i_n"]) {
      const r = await apply(clean, [{ name, dateOfBirth: "1952-10-07", nationality: "RU" }]);
      assert.equal(r.status, "on_hold", `${name} passed: ${JSON.stringify(r)}`);
    }
  });

  it("A5 the common short form of a listed person's name, with the listed date of birth and nationality, is held", async () => {
    const r = await apply(clean, [{ name: "Vladimir Putin", dateOfBirth: "1952-10-07", nationality: "RU" }]);
    assert.equal(r.status, "on_hold", `given name + surname + exact DOB + nationality passed: ${JSON.stringify(r)}`);
  });

  it("zero-width, soft hyphen, full-width, math-bold, combining marks, Cyrillic look-alikes are held", async () => {
    for (const name of [
      "Vladimir Vladimirovich P\u200Bu\u200Dtin",
      "Vladimir Vladimirovich Pu\u00ADtin",
      "ＶＬＡＤＩＭＩＲ ＶＬＡＤＩＭＩＲＯＶＩＣＨ ＰＵＴＩＮ",
      "𝐕𝐥𝐚𝐝𝐢𝐦𝐢𝐫 𝐕𝐥𝐚𝐝𝐢𝐦𝐢𝐫𝐨𝐯𝐢𝐜𝐡 𝐏𝐮𝐭𝐢𝐧",
      "Vladimir Vladimirovich Pu\u0301tin",
      "Vladimir Vladimirovich Рutin",
      "Владимир Владимирович Путин",
      "Vladimir Vladimirovich Pu tin",
    ]) {
      const r = await apply(clean, [{ name, dateOfBirth: "1952-10-07", nationality: "RU" }]);
      assert.equal(r.status, "on_hold", name);
    }
  });
});
