import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";

const LEI = "529900T8BM49AURSDO55";

describe("Qualifier service: who am I, and the reviewers' desk", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
  const [wallet] = market.wallets;
  const q = await startQualifierService(connection, market.deployment, qualifier);
  const { keys, call } = q;
  after(() => q.close());

  it("tells a key its role and holder, and nothing to a caller without one", async () => {
    const me = await call("GET", "/me", keys.reviewer1);
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { role: "reviewer", label: "Maria" });
    assert.equal((await call("GET", "/me", keys.regulator)).body.role, "regulator");
    assert.equal((await call("GET", "/me")).status, 401);
  });

  it("lists pending applications and disclosure requests waiting for approvers, without personal data", async () => {
    const applied = await call("POST", "/applications", keys.applicant, {
      legalName: "Helvetia Pension Fund Foundation",
      lei: LEI,
      country: "CH",
      classId: 1,
      owners: [{ name: "Anneliese Würgler-Zbinden", dateOfBirth: "1971-05-02", nationality: "CH" }],
      wallets: [await q.signedWallet(wallet, LEI)],
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    const asked = await call("POST", "/disclosures", keys.regulator, {
      wallet: wallet.account.address,
      caseRef: "CASE-1",
      reason: "a bad transfer reached this wallet",
    });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));

    const desk = await call("GET", "/pending", keys.reviewer1);
    assert.equal(desk.status, 200, JSON.stringify(desk.body));
    const app = desk.body.applications.find((a: { id: string }) => a.id === applied.body.id);
    assert.deepEqual(
      { ...app, createdAt: undefined },
      { id: applied.body.id, status: "pending", country: "CH", classId: 1, wallets: [wallet.account.address], createdAt: undefined },
    );
    const d = desk.body.disclosures.find((x: { id: string }) => x.id === asked.body.id);
    assert.deepEqual({ wallet: d.wallet, approvals: d.approvals, needed: d.needed }, { wallet: wallet.account.address, approvals: 0, needed: 2 });
    const text = JSON.stringify(desk.body);
    for (const secret of ["Helvetia", "Würgler", LEI, "CASE-1", "bad transfer"]) assert.equal(text.includes(secret), false, `${secret} is not on the desk`);

    // One approval: still waiting, with the count.
    await call("POST", `/disclosures/${asked.body.id}/approve`, keys.reviewer1);
    const after = await call("GET", "/pending", keys.reviewer2);
    assert.equal(after.body.disclosures.find((x: { id: string }) => x.id === asked.body.id).approvals, 1);

    // Approved: it leaves the desk.
    const approved = await call("POST", `/applications/${applied.body.id}/approve`, keys.reviewer1, { reason: "KYB complete, no hits" });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(
      (await call("GET", "/pending", keys.reviewer1)).body.applications.some((a: { id: string }) => a.id === applied.body.id),
      false,
    );
  });

  it("refuses the desk to applicants and regulators", async () => {
    for (const key of [keys.applicant, keys.regulator]) {
      const r = await call("GET", "/pending", key);
      assert.equal(r.status, 403, JSON.stringify(r.body));
    }
  });
});
