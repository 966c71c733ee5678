// The code scan on real code: the Uniswap V2 pair and a Safe pass, proxies and clones do not; and what
// the scan costs, paid once at vetting rather than at every registration of vetted code.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { encodeFunctionData, type Hex } from "viem";
import { connect } from "../support/fixture.js";

const require = createRequire(import.meta.url);
const runtimeOf = (artifact: string): Hex => {
  const j = JSON.parse(readFileSync(require.resolve(artifact), "utf8"));
  const code: string = j.evm?.deployedBytecode?.object ?? j.deployedBytecode;
  return (code.startsWith("0x") ? code : `0x${code}`) as Hex;
};

describe("code scan on real code", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { governance, outsider } = actors;
  const asGov = { account: governance.account };
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const PAIR = "0x00000000000000000000000000000000000a1b2c" as const;

  it("the Uniswap V2 pair scans clean; vetting it pays the scan once, registering a pair pays none", async (t) => {
    const { contracts } = await load();
    const scanner = await viem.deployContract("CodeScanHarness");
    const pairCode = runtimeOf("@uniswap/v2-core/build/UniswapV2Pair.json");
    await networkHelpers.setCode(PAIR, pairCode);
    assert.deepEqual(await scanner.read.scanAt([PAIR]), [false, 0n, 0]);
    const small = await viem.deployContract("OwnedWallet", [outsider.account.address]);
    const scanGas =
      (await publicClient.estimateGas({ to: scanner.address, data: encodeFunctionData({ abi: scanner.abi, functionName: "scanAt", args: [PAIR] }) })) -
      (await publicClient.estimateGas({ to: scanner.address, data: encodeFunctionData({ abi: scanner.abi, functionName: "scanAt", args: [small.address] }) }));
    const gasOf = async (hash: Hex) => (await publicClient.waitForTransactionReceipt({ hash })).gasUsed;
    const vet = await gasOf(await contracts.write.setCodeVetted([PAIR, true, "Uniswap V2 pair"], asGov));
    const register = await gasOf(await contracts.write.register([PAIR], { account: outsider.account }));
    t.diagnostic(`pair: ${(pairCode.length - 2) / 2} bytes; scan ${scanGas} gas; setCodeVetted ${vet}; register (vetted, no scan) ${register}`);
    // The scan is a few hundred thousand gas for the pair: cheap once, too dear for every pool's registration.
    assert.ok(scanGas > 50_000n && scanGas < 1_500_000n, `scan gas ${scanGas}`);
    assert.ok(register < 150_000n, `register gas ${register}`);
    assert.ok(vet > scanGas, "vetting includes the scan");
  });

  it("a Safe wallet (a proxy: it delegates) cannot be vetted; it gets a credential instead", async () => {
    const { contracts } = await load();
    const safeProxy = runtimeOf("@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxy.sol/SafeProxy.json");
    const target = "0x00000000000000000000000000000000000a1b2d" as const;
    await networkHelpers.setCode(target, safeProxy);
    await viem.assertions.revertWithCustomError(contracts.write.setCodeVetted([target, true, "Safe proxy"], asGov), contracts, "ForbiddenOpcode");
  });
});
