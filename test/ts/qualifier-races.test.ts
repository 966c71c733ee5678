/** Concurrent requests against the two-reviewer rule and approval. */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";

const LEI = "529900T8BM49AURSDO55";

describe("Qualifier races", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
  const q = await startQualifierService(connection, market.deployment, qualifier);
  const { call, keys } = q;
  after(() => q.close());
  const w = market.wallets;
  const application = async (wallet: (typeof w)[number], legalName = "Helvetia Pension Fund Foundation") => ({
    legalName,
    lei: LEI,
    country: "CH",
    classId: 1,
    owners: [],
    wallets: [await q.signedWallet(wallet, LEI)],
  });

  it("C1 one reviewer holding two keys cannot clear a hold alone by sending both clearances at once", async () => {
    const k1 = (await q.service.createApiKey("reviewer", "Rita Racer")).key;
    const k2 = (await q.service.createApiKey("reviewer", "rita  racer")).key;
    const r = await call("POST", "/applications", keys.applicant, await application(w[0], "Northwind Digital Assets"));
    assert.equal(r.body.status, "on_hold");
    const both = await Promise.all([k1, k2].map((k) => call("POST", `/applications/${r.body.id}/clear`, k, { reason: "not the listed party" })));
    const read = await call("GET", `/applications/${r.body.id}`, keys.reviewer2);
    assert.equal(read.body.status, "on_hold", `one person's two concurrent clearances: ${JSON.stringify(both.map((b) => [b.status, b.body]))}`);
  });

  it("C2 two concurrent approvals of one application: one issuance, no 5xx", async () => {
    const r = await call("POST", "/applications", keys.applicant, await application(w[1]));
    assert.equal(r.body.status, "pending");
    const both = await Promise.all(
      [keys.reviewer1, keys.reviewer2].map((k) => call("POST", `/applications/${r.body.id}/approve`, k, { reason: "KYB complete" })),
    );
    assert.ok(
      both.every((b) => b.status < 500),
      JSON.stringify(both),
    );
    assert.equal(both.filter((b) => b.status === 200).length, 1, JSON.stringify(both.map((b) => [b.status, b.body])));
  });
});
