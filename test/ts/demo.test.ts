import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { getAddress, keccak256, parseUnits, toHex, decodeEventLog, type EIP1193Provider } from "viem";
import {
  connectProvider,
  unlockedAccounts,
  securityTokenAbi,
  credentialRegistryAbi,
  contractRegistryAbi,
  issuerRegistryAbi,
  uniswapV2PairAbi,
  uniswapV2RouterAbi,
  uniswapV2FactoryAbi,
  demoStablecoinAbi,
  morphoAbi,
  navOracleAbi,
  marketId,
  liquidationIncentiveFactor,
  ORACLE_PRICE_SCALE,
  WAD,
} from "../../src/sdk/index.js";
import { castFrom, runDemo, type DemoResult } from "../../src/demo/story.js";
import { loadOfacAddresses } from "../../src/demo/ofac.js";

/** Runs the demo story end to end and checks every outcome on chain, not in the story's own words. */
describe("The demo story, end to end", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const cast = castFrom((await unlockedAccounts(connection)).map((a) => connection.signer(a)));
  const read = connection.publicClient.readContract;
  const BOND = (n: string) => parseUnits(n, 18);
  let r: DemoResult;
  const bonds = (who: `0x${string}`) => read({ address: r.token, abi: securityTokenAbi, functionName: "balanceOf", args: [who] });

  before(async () => {
    r = await runDemo(connection, cast, { sanctionedAddresses: loadOfacAddresses() });
  });

  it("hands governance to the timelock, behind the 2-of-3 Safe, and leaves the deployer no role", async () => {
    const admin = `0x${"00".repeat(32)}` as const;
    for (const [address, abi] of [
      [r.deployment.registries.credentials, credentialRegistryAbi],
      [r.deployment.registries.contracts, contractRegistryAbi],
      [r.deployment.registries.issuers, issuerRegistryAbi],
    ] as const) {
      assert.equal(await read({ address, abi, functionName: "hasRole", args: [admin, r.deployment.governance.timelock] } as never), true);
      assert.equal(await read({ address, abi, functionName: "hasRole", args: [admin, cast.deployer.account.address] } as never), false);
    }
    assert.equal(r.deployment.governance.threshold, 2);
    assert.equal(r.deployment.governance.owners.length, 3);
  });

  it("admitted both qualifiers and the Swiss regulator; the bond is listed and DeFi-ready", async () => {
    const credentials = r.deployment.registries.credentials;
    assert.equal(await read({ address: credentials, abi: credentialRegistryAbi, functionName: "qualifierIdOf", args: [cast.qualifierA.account.address] }), 1);
    assert.equal(await read({ address: credentials, abi: credentialRegistryAbi, functionName: "qualifierIdOf", args: [cast.qualifierB.account.address] }), 2);
    const [ready, issuer, jurisdictions, regulators] = await read({
      address: r.deployment.registries.issuers,
      abi: issuerRegistryAbi,
      functionName: "tokenStatus",
      args: [r.token],
    });
    assert.equal(ready, true);
    assert.equal(getAddress(issuer), r.issuerSafe);
    assert.deepEqual(jurisdictions, [(0x43 << 8) | 0x48]);
    assert.deepEqual(
      regulators.map((x) => getAddress(x)),
      [getAddress(cast.regulator.account.address)],
    );
    const disclosure = await read({ address: r.token, abi: securityTokenAbi, functionName: "disclosure" });
    assert.equal(disclosure.documentHash, keccak256(toHex("Helvetia Bond 2031 prospectus, final terms")));
  });

  it("refused each bad transfer with its code, the pre-flight agreeing with the revert", () => {
    const expected = { unqualified: 23, sanctioned: 19, inChallengeWindow: 31, blockedContract: 29, suspendedQualifier: 26 } as const;
    for (const [name, code] of Object.entries(expected)) {
      const refusal = r.refusals[name as keyof typeof expected];
      assert.equal(refusal.revertCode, code, `${name}: revert code`);
      assert.equal(refusal.preflightCode, code, `${name}: pre-flight code`);
      assert.ok(refusal.message.length > 20, `${name}: has a sentence`);
    }
  });

  it("flagged the real OFAC list, and the refused address is on it", async () => {
    const ofac = loadOfacAddresses();
    assert.equal(ofac.length, 152);
    assert.ok(ofac.includes(r.sanctionedAddress));
    for (const a of [ofac[0], ofac[75], ofac[151]]) {
      assert.equal(await read({ address: r.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "isSanctioned", args: [a] }), true);
    }
    assert.equal(await bonds(r.sanctionedAddress), 0n);
  });

  it("left the pool's reserves at exactly what the liquidity and the swap put there", async () => {
    const [reserve0, reserve1] = await read({ address: r.pair, abi: uniswapV2PairAbi, functionName: "getReserves" });
    const token0 = getAddress(await read({ address: r.pair, abi: uniswapV2PairAbi, functionName: "token0" }));
    const [bondReserve, usdReserve] = token0 === r.token ? [reserve0, reserve1] : [reserve1, reserve0];
    assert.equal(bondReserve, r.liquidity.bond - r.swap.bondOut);
    assert.equal(usdReserve, r.liquidity.usd + r.swap.usdIn);
    assert.equal(await bonds(r.pair), bondReserve);
    // x*y=k with the 0.3% fee: the output the pool paid is the router's formula.
    const withFee = r.swap.usdIn * 997n;
    assert.equal(r.swap.bondOut, (withFee * r.liquidity.bond) / (r.liquidity.usd * 1000n + withFee));
    assert.ok(r.liquidity.lpTokens > 0n);
  });

  it("ended with the balances the story implies", async () => {
    const { alice, bob, chen, dana } = cast;
    assert.equal(await bonds(alice.account.address), BOND("10000") - BOND("500") - BOND("2000") + BOND("10"));
    assert.equal(await bonds(bob.account.address), BOND("10000") + BOND("500") + r.swap.bondOut + r.lending.liquidation.seized);
    assert.equal(await bonds(chen.account.address), BOND("9990") - r.lending.collateral);
    assert.equal(await bonds(dana.account.address), BOND("10000"));
    assert.equal(await bonds(r.vault), 0n, "the vault never received: first in its window, then blocked");
    assert.equal(await read({ address: r.token, abi: securityTokenAbi, functionName: "totalSupply" }), BOND("40000"));
  });

  it("vetted the pair's code, so its registration by an uncredentialed developer was effective at once", async () => {
    const contracts = r.deployment.registries.contracts;
    const code = await connection.publicClient.getCode({ address: r.pair });
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "isVettedCode", args: [keccak256(code!)] }), true);
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "statusOf", args: [r.pair] }), 1);
    const registration = await read({ address: contracts, abi: contractRegistryAbi, functionName: "registration", args: [r.pair] });
    assert.equal(getAddress(registration.registrant), getAddress(cast.developer.account.address));
    assert.equal(registration.kind, 0, "a stranger who registered vetted code is not identifiable");
  });

  it("refused the vault's self-registration, then blocked the vault its credentialed developer registered", async () => {
    assert.match(r.anonymousRegistration, /is not identifiable/);
    const contracts = r.deployment.registries.contracts;
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "statusOf", args: [r.vault] }), 2);
    const record = await read({ address: contracts, abi: contractRegistryAbi, functionName: "blockRecord", args: [r.vault] });
    assert.equal(getAddress(record.guardian), getAddress(cast.guardian.account.address));
    assert.match(record.reason, /drains deposits/);
    const registration = await read({ address: contracts, abi: contractRegistryAbi, functionName: "registration", args: [r.vault] });
    assert.equal(getAddress(registration.registrant), getAddress(cast.attacker.account.address), "the registrant is on record");
    assert.equal(registration.kind, 1, "identifiable");
    assert.equal(
      await read({ address: r.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "isBlocked", args: [r.vault] }),
      true,
      "the block sits in the wallet word",
    );
  });

  it("suspended Beta Exchange; Chen trades again on Alpha KYB's credential", async () => {
    const credentials = r.deployment.registries.credentials;
    assert.equal(await read({ address: credentials, abi: credentialRegistryAbi, functionName: "isQualifierActive", args: [2] }), false);
    const ids = await read({ address: credentials, abi: credentialRegistryAbi, functionName: "credentialsOf", args: [cast.chen.account.address] });
    const issuers = await Promise.all(
      ids.map(async (id) => (await read({ address: credentials, abi: credentialRegistryAbi, functionName: "credential", args: [id] })).qualifierId),
    );
    assert.deepEqual([...issuers].sort(), [1, 2]);
  });

  it("forced the mistaken transfer back through the issuer's Safe, with the case reference in the event", async () => {
    const receipt = await connection.publicClient.getTransactionReceipt({ hash: r.forced.hash });
    assert.equal(getAddress(receipt.to!), r.issuerSafe);
    const cases = receipt.logs
      .filter((l) => getAddress(l.address) === r.token)
      .map((l) => {
        try {
          return decodeEventLog({ abi: securityTokenAbi, data: l.data, topics: l.topics });
        } catch {
          return undefined;
        }
      })
      .filter((e) => e?.eventName === "ForcedTransferCase");
    assert.equal(cases.length, 1);
    const args = cases[0]!.args as { caseRef: string; from: string; to: string; amount: bigint };
    assert.equal(args.caseRef, keccak256(toHex("CASE-2026-0117")));
    assert.equal(getAddress(args.from), getAddress(cast.bob.account.address));
    assert.equal(getAddress(args.to), getAddress(cast.dana.account.address));
    assert.equal(args.amount, BOND("300"));
  });

  it("swapped through the real Router02, whose factory and pair are the ones the pool uses", async () => {
    const factory = await read({ address: r.router, abi: uniswapV2RouterAbi, functionName: "factory" });
    const [, quoted] = await read({ address: r.router, abi: uniswapV2RouterAbi, functionName: "getAmountsOut", args: [1_000_000n, [r.stablecoin, r.token]] });
    assert.ok(quoted > 0n, "the router prices through the pair it derives from the init-code hash");
    const contracts = r.deployment.registries.contracts;
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "statusOf", args: [r.router] }), 1);
    const pair = await read({ address: factory, abi: uniswapV2FactoryAbi, functionName: "getPair", args: [r.token, r.stablecoin] });
    assert.equal(getAddress(pair), r.pair, "the router's factory is the pool's");
  });

  it("lent on Morpho Blue against the bond, and the qualified liquidator's liquidation is on chain", async () => {
    const L = r.lending;
    const id = marketId(L.marketParams);
    const contracts = r.deployment.registries.contracts;
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "statusOf", args: [L.morpho] }), 1, "Morpho is registered");
    const morphoCode = await connection.publicClient.getCode({ address: L.morpho });
    assert.equal(
      await read({ address: contracts, abi: contractRegistryAbi, functionName: "isVettedCode", args: [keccak256(morphoCode!)] }),
      true,
      "CodeScan accepted Morpho's code",
    );
    const [, , totalBorrowAssets] = await read({ address: L.morpho, abi: morphoAbi, functionName: "market", args: [id] });
    const [supplyShares] = await read({ address: L.morpho, abi: morphoAbi, functionName: "position", args: [id, cast.dana.account.address] });
    assert.ok(supplyShares > 0n, "Dana holds supply shares");
    const [, borrowShares, collateral] = await read({ address: L.morpho, abi: morphoAbi, functionName: "position", args: [id, cast.chen.account.address] });
    assert.equal(borrowShares, 0n, "Chen's debt was repaid in full");
    assert.equal(totalBorrowAssets, 0n);
    assert.equal(collateral, L.collateral - L.liquidation.seized, "the rest of Chen's collateral stays in Morpho");
    assert.equal(await bonds(L.morpho), collateral, "Morpho holds exactly the remaining collateral");
    // Morpho's incentive at 77% LLTV, on the 3,000 dUSD repaid at a NAV of 0.9.
    assert.equal(L.liquidation.repaid, L.borrowed);
    const price = await read({ address: L.oracle, abi: navOracleAbi, functionName: "price" });
    assert.equal(price, 9n * 10n ** 23n, "0.9 dUSD (6 decimals) per HB31 (18 decimals), scaled by 1e36");
    const expectedSeized = (((L.borrowed * liquidationIncentiveFactor(L.marketParams.lltv)) / WAD) * ORACLE_PRICE_SCALE) / price;
    assert.equal(L.liquidation.seized, expectedSeized);
    assert.ok(L.liquidation.seized > BOND("3500") && L.liquidation.seized < BOND("3600"));
    const usdOfMorpho = await read({ address: r.stablecoin, abi: demoStablecoinAbi, functionName: "balanceOf", args: [L.morpho] });
    assert.equal(usdOfMorpho, L.supplied, "all that was lent came back");
  });

  it("refused the unqualified liquidator: Morpho reverted because the bond refused delivery, with the token's reason", async () => {
    const R = r.lending.refusedLiquidation;
    assert.match(R.morphoReason, /transfer reverted/);
    assert.equal(R.tokenCode, 23);
    assert.equal(R.preflightCode, 23, "the pre-flight from Morpho to the liquidator agrees");
    assert.match(R.tokenMessage, /credential/i);
    assert.equal(await bonds(R.liquidator), 0n, "the unqualified wallet received no bond");
    const usd = await read({ address: r.stablecoin, abi: demoStablecoinAbi, functionName: "balanceOf", args: [R.liquidator] });
    assert.equal(usd, 20_000_000_000n, "and paid nothing");
  });
});
