import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { network } from "hardhat";
import { getAddress, hashTypedData, type EIP1193Provider } from "viem";
import { connectProvider, createSafe, deploySafeInfrastructure, signAsSafe, unlockedAccounts } from "../../src/sdk/index.js";
import { isValidLei, leiProblem } from "../../src/qualifier/lei.js";
import { diffLists, parseSdnAdvancedXml, parseSdnCsv, parseSdnXml } from "../../src/qualifier/screening/ofac.js";
import { jaroWinkler, nameSimilarity, normalizeName, screenName } from "../../src/qualifier/screening/names.js";
import { verifyWalletProof, walletProofTypedData } from "../../src/qualifier/wallet-proof.js";
import { loadOfacAddresses } from "../../src/demo/ofac.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", "ofac", name), "utf8");
const REAL = loadOfacAddresses();

describe("LEI (ISO 17442)", () => {
  it("accepts real LEIs and refuses a changed character or a bad shape, saying why", () => {
    for (const lei of ["HWUPKR0MPOU8FGXBT394", "7LTWFZYICNSX8D621K86", "5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55"])
      assert.equal(isValidLei(lei), true, lei);
    assert.equal(isValidLei("HWUPKR0MPOU8FGXBT395"), false);
    assert.equal(isValidLei("HWUPKR0MPOU8FGXBT39"), false);
    assert.match(leiProblem("HWUPKR0MPOU8FGXBT395")!, /check digits do not match/);
    assert.match(leiProblem("hwupkr0mpou8fgxbt394")!, /capital letters or digits/);
    assert.match(leiProblem("SHORT")!, /20 characters, this one has 5/);
    assert.equal(leiProblem("HWUPKR0MPOU8FGXBT394"), undefined);
  });
});

describe("OFAC publications in their official formats", () => {
  it("reads SDN.XML: date, parties, aliases, programs and only the ETH addresses", () => {
    const list = parseSdnXml(fixture("sdn-2026-11-01.xml"));
    assert.equal(list.publishedAt, "2026-11-01");
    assert.equal(list.entries.length, 3);
    const northwind = list.entries[0];
    assert.equal(northwind.name, "NORTHWIND DIGITAL ASSETS LTD");
    assert.deepEqual(northwind.aliases, ["NORTHWIND DA"]);
    assert.deepEqual(northwind.programs, ["CYBER2"]);
    assert.deepEqual(northwind.addresses, [REAL[0]]);
    assert.equal(list.entries[1].name, "Jérôme Castellano Müller");
    assert.equal(list.entries[1].type, "Individual");
  });

  it("reads SDN_ADVANCED.XML through its feature types and documented names", () => {
    const list = parseSdnAdvancedXml(fixture("sdn_advanced.xml"));
    assert.equal(list.publishedAt, "2026-11-15");
    assert.deepEqual(
      list.entries.map((e) => [e.uid, e.name, e.type]),
      [
        ["90001", "NORTHWIND DIGITAL ASSETS LTD", "Entity"],
        ["90002", "Jérôme Castellano Müller", "Individual"],
      ],
    );
    assert.deepEqual(list.entries[0].aliases, ["NORTHWIND DA"]);
    assert.deepEqual(
      list.entries.map((e) => e.addresses),
      [[REAL[0]], [REAL[1]]],
    );
  });

  it("reads SDN.CSV with the addresses in the Remarks column", () => {
    const list = parseSdnCsv(fixture("sdn.csv"), "2026-11-15");
    assert.equal(list.entries.length, 3);
    assert.deepEqual(
      list.entries.map((e) => e.addresses),
      [[REAL[0]], [REAL[1]], []],
    );
    assert.deepEqual(list.entries[1].programs, ["RUSSIA-EO14024"]);
    assert.throws(() => parseSdnCsv("not,a,row", "2026-11-15"), /not an SDN.CSV row/);
    assert.throws(() => parseSdnCsv(fixture("sdn.csv"), "15/11/2026"), /not YYYY-MM-DD/);
    assert.throws(() => parseSdnXml("<other/>"), /no <sdnList>/);
  });

  it("diffs one publication against the next", () => {
    const diff = diffLists(parseSdnXml(fixture("sdn-2026-11-01.xml")), parseSdnXml(fixture("sdn-2026-11-15.xml")));
    assert.deepEqual(
      diff.added.map((e) => e.uid),
      ["90004"],
    );
    assert.deepEqual(
      diff.removed.map((e) => e.uid),
      ["90003"],
    );
    assert.deepEqual(diff.addressesAdded, [REAL[3]]);
    assert.deepEqual(diff.addressesRemoved, [REAL[2]]);
  });
});

describe("Name screening", () => {
  const list = parseSdnXml(fixture("sdn-2026-11-01.xml")).entries;

  it("normalizes accents, punctuation, word order and legal forms", () => {
    assert.deepEqual(normalizeName("Müller-Castellano, Jérôme"), ["castellano", "jerome", "muller"]);
    assert.deepEqual(normalizeName("Northwind Digital Assets Ltd."), ["assets", "digital", "northwind"]);
    assert.equal(jaroWinkler("martha", "marhta").toFixed(3), "0.961");
  });

  it("finds a listed party despite word order, accents and small misspellings, with a score", () => {
    const [hit] = screenName("Jerome Mueler Castelano", list);
    assert.equal(hit.entry.uid, "90002");
    assert.ok(hit.score > 0.9 && hit.score < 1, `score ${hit.score}`);
    assert.equal(screenName("castellano müller jérôme", list)[0].score, 1);
    assert.equal(screenName("Northwind DA", list)[0].matchedName, "NORTHWIND DA");
  });

  it("does not flag unrelated names", () => {
    for (const name of ["Helvetia Pension Fund", "Anna Schmidt", "Kestrel Bakery"]) {
      assert.deepEqual(screenName(name, list), [], name);
    }
    assert.ok(nameSimilarity("Kestrel Bakery", "KESTREL SHIPPING CO") < 0.9);
  });
});

describe("Wallet proofs (EIP-712, ERC-1271)", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
  const [deployer, owner1, owner2, owner3, wallet, qualifier, registry] = signers;
  const ctx = { chainId: connection.chain.id, registry: registry.account.address, qualifier: qualifier.account.address };
  const now = Math.floor(Date.now() / 1000);
  const base = { application: "APP-2026-0001", nonce: 7n, expiresAt: BigInt(now + 3600) };
  const used = new Set<string>();
  const checks = { now, nonceUsed: (w: string, n: bigint) => used.has(`${w}:${n}`) };

  it("accepts a wallet's signature for this chain, registry and qualifier; refuses replays, expiry and other chains", async () => {
    const proof = { ...base, wallet: wallet.account.address };
    const signature = await wallet.signTypedData(walletProofTypedData(ctx, proof));
    assert.deepEqual(await verifyWalletProof(connection.publicClient, ctx, { ...proof, signature }, checks), { valid: true });
    used.add(`${getAddress(wallet.account.address)}:7`);
    assert.match(((await verifyWalletProof(connection.publicClient, ctx, { ...proof, signature }, checks)) as { reason: string }).reason, /replayed/);

    const otherChain = await wallet.signTypedData(walletProofTypedData({ ...ctx, chainId: 1 }, { ...proof, nonce: 8n }));
    assert.equal((await verifyWalletProof(connection.publicClient, ctx, { ...proof, nonce: 8n, signature: otherChain }, checks)).valid, false);
    const otherQualifier = await wallet.signTypedData(walletProofTypedData({ ...ctx, qualifier: deployer.account.address }, { ...proof, nonce: 9n }));
    assert.equal((await verifyWalletProof(connection.publicClient, ctx, { ...proof, nonce: 9n, signature: otherQualifier }, checks)).valid, false);
    const stale = { ...proof, nonce: 10n, expiresAt: BigInt(now - 1) };
    const staleSig = await wallet.signTypedData(walletProofTypedData(ctx, stale));
    assert.match(((await verifyWalletProof(connection.publicClient, ctx, { ...stale, signature: staleSig }, checks)) as { reason: string }).reason, /expired/);
    // Someone else's signature for this wallet does not pass.
    const forged = await deployer.signTypedData(walletProofTypedData(ctx, { ...proof, nonce: 11n }));
    assert.equal((await verifyWalletProof(connection.publicClient, ctx, { ...proof, nonce: 11n, signature: forged }, checks)).valid, false);
  });

  it("accepts a Safe (2 of 3) through ERC-1271, and refuses it with one owner's signature only", async () => {
    const infra = await deploySafeInfrastructure(connection, { deployer });
    const safe = await createSafe(connection, {
      deployer,
      infrastructure: infra,
      owners: [owner1, owner2, owner3].map((o) => o.account.address),
      threshold: 2,
    });
    const proof = { ...base, nonce: 20n, wallet: safe };
    const digest = hashTypedData(walletProofTypedData(ctx, proof));
    const signature = await signAsSafe(connection, { safe, hash: digest, owners: [owner1, owner3] });
    assert.deepEqual(await verifyWalletProof(connection.publicClient, ctx, { ...proof, signature }, checks), { valid: true });
    const half = await signAsSafe(connection, { safe, hash: digest, owners: [owner2] });
    assert.equal((await verifyWalletProof(connection.publicClient, ctx, { ...proof, signature: half }, checks)).valid, false);
  });
});
