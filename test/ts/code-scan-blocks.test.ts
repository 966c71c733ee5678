// The code scan against JUMPDEST and push-data tricks, and a guardian's block on a qualifier's issuing key.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, alpha2, Code, CLASS_PROFESSIONAL, ONE_YEAR } from "../support/fixture.js";

describe("code scan and blocked qualifier keys", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { qualifierA, alice, carol, guardian, sanctions } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);

  it("JUMPDEST/PUSH-data tricks do not hide a reachable DELEGATECALL", async () => {
    const h = await viem.deployContract("CodeScanHarness");
    const found = async (hex: `0x${string}`) => (await h.read.scan([hex]))[0];
    assert.equal(await found("0x605bf4"), true); // PUSH1 0x5b; DELEGATECALL (live)
    assert.equal(await found("0x005bf4"), true); // STOP; JUMPDEST; DELEGATECALL
    assert.equal(await found("0x00605bf4"), false); // STOP; (dead) PUSH1 0x5b; f4 is dead: EVM agrees (no JUMPDEST in push data)
    // dead PUSH32 whose last immediate byte is 0x5b: data, not a JUMPDEST, so the f4 after it is unreachable (EVM agrees)
    assert.equal(await found(`0x007f${"00".repeat(31)}5bf4` as `0x${string}`), false);
    assert.equal(await found(`0x7f${"00".repeat(31)}5bf4` as `0x${string}`), true); // live PUSH32 then f4
    assert.equal(await found(("0xfe" + "5b" + "f2") as `0x${string}`), true); // INVALID; JUMPDEST; CALLCODE
  });

  it("a guardian's block (or a sanctions flag) on a qualifier's issuing account stops it issuing and renewing", async () => {
    const { contracts, credentials, token } = await load();
    const t = Number((await publicClient.getBlock()).timestamp);
    const req = { holder: carol.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: t + Number(ONE_YEAR) };
    await credentials.write.issue([req], { account: qualifierA.account });
    const id = await credentials.read.credentialId([carol.account.address, 1, CLASS_PROFESSIONAL]);
    await contracts.write.blockContract([qualifierA.account.address, "compromised key"], { account: guardian.account });
    const dave = "0x00000000000000000000000000000000000d0a7e" as const;
    await viem.assertions.revertWithCustomError(
      credentials.write.issue([{ ...req, holder: dave }], { account: qualifierA.account }),
      credentials,
      "NotAnActiveQualifier",
    );
    await viem.assertions.revertWithCustomError(
      credentials.write.issueBatch([[{ ...req, holder: dave }]], { account: qualifierA.account }),
      credentials,
      "NotAnActiveQualifier",
    );
    await viem.assertions.revertWithCustomError(
      credentials.write.renew([id, t + Number(ONE_YEAR) * 2], { account: qualifierA.account }),
      credentials,
      "NotAnActiveQualifier",
    );
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, dave, 1n]), Code.RECIPIENT_NOT_QUALIFIED);
    // The block lifted, it issues again; sanctioned, it stops again.
    await contracts.write.unblockContract([qualifierA.account.address, "key rotated"], { account: guardian.account });
    await credentials.write.issue([{ ...req, holder: dave }], { account: qualifierA.account });
    await credentials.write.setSanctioned([[qualifierA.account.address], true, "OFAC SDN"], { account: sanctions.account });
    await viem.assertions.revertWithCustomError(
      credentials.write.renew([id, t + Number(ONE_YEAR) * 2], { account: qualifierA.account }),
      credentials,
      "NotAnActiveQualifier",
    );
  });
});
