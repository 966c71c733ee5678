import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider, forcedTransferCall, securityTokenAbi, send } from "../../src/sdk/index.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { loadAnnotations, loadMovements } from "../../src/analytics/load.js";
import { traceForward } from "../../src/tracing/trace.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";
import { freshMonitorDatabase, ENGINES } from "../support/engines.js";

/**
 * The problem solver's path, end to end: a theft is traced by the monitor; the wallets still holding the
 * tokens are labelled with their qualifier; the regulator asks that qualifier who is behind the wallet
 * (two approvals, audited); the issuer takes the tokens back by forced transfer under the case reference.
 */
for (const [engine, databaseUrl] of ENGINES)
  describe(`Resolving a bad transfer: trace, disclosure request, forced transfer (qualifier storage on ${engine})`, async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const market = await setupMarket(connection);
    const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
    const [victim, thief, mule] = market.wallets;
    const q = await startQualifierService(connection, market.deployment, qualifier, { databaseUrl: engine === "SQLite" ? undefined : databaseUrl() });
    after(() => q.close());

    // The thief and its mule were onboarded through the qualifier service, like everyone.
    const LEGAL = { thief: "Quillfeather Trading AG", mule: "Bramblewood Holdings SA" };
    const LEIS = { thief: "HWUPKR0MPOU8FGXBT394", mule: "7LTWFZYICNSX8D621K86" };
    for (const [who, w] of [
      ["thief", thief],
      ["mule", mule],
    ] as const) {
      const r = await q.call("POST", "/applications", q.keys.applicant, {
        legalName: LEGAL[who],
        lei: LEIS[who],
        country: "CH",
        classId: 1,
        owners: [{ name: `Owner of ${LEGAL[who]}`, dateOfBirth: "1980-01-01", nationality: "CH" }],
        wallets: [await q.signedWallet(w, LEIS[who])],
      });
      assert.equal(r.body.status, "pending", JSON.stringify(r.body));
      assert.equal((await q.call("POST", `/applications/${r.body.id}/approve`, q.keys.reviewer1, { reason: "KYB complete" })).status, 200);
    }
    await market.qualify([victim.account.address]);
    await market.mint(victim.account.address, 1_000n);
    await market.pay(victim, thief.account.address, 400n); // the bad transfer
    const theft = (await connection.publicClient.getBlock()).transactions[0];
    await market.pay(thief, mule.account.address, 300n);

    it("finds the holders, names their qualifier, learns who they are, and takes the tokens back", async () => {
      const database = await freshMonitorDatabase(ENGINES[0][1]());
      try {
        await runIndexer(connection, database.db, market.deployment);
        const trace = traceForward(await loadMovements(database.db, market.token), theft);
        const holders = trace.nodes.filter((n) => n.recoverable > 0n);
        assert.deepEqual(
          holders.map((n) => [n.address, n.recoverable]),
          [
            [thief.account.address, 100n],
            [mule.account.address, 300n],
          ],
        );
        const notes = await loadAnnotations(database.db);
        for (const h of holders) assert.deepEqual(notes.qualifiers.get(h.address), ["Alpha"]);

        // The regulator asks Alpha who holds the mule wallet; two reviewers approve; the answer is logged.
        const ask = await q.call("POST", "/disclosures", q.keys.regulator, {
          wallet: mule.account.address,
          caseRef: "THEFT-2026-31",
          reason: "stolen bond tokens traced to this wallet",
        });
        await q.call("POST", `/disclosures/${ask.body.id}/approve`, q.keys.reviewer1);
        await q.call("POST", `/disclosures/${ask.body.id}/approve`, q.keys.reviewer2);
        const answer = await q.call("GET", `/disclosures/${ask.body.id}`, q.keys.regulator);
        assert.deepEqual([answer.body.legalName, answer.body.lei], [LEGAL.mule, LEIS.mule]);

        // The issuer resolves the case: what each holder still has goes back to the victim.
        for (const h of holders) {
          await send(connection, {
            actor: market.issuer,
            ...forcedTransferCall({ token: market.token, from: h.address, to: victim.account.address, amount: h.recoverable, caseRef: "THEFT-2026-31" }),
            what: "recover",
          });
        }
        const restored = await connection.publicClient.readContract({
          address: market.token,
          abi: securityTokenAbi,
          functionName: "balanceOf",
          args: [victim.account.address],
        });
        assert.equal(restored, 1_000n);
      } finally {
        await database.close();
      }
    });
  });
