import { keccak256, toHex, zeroAddress, type Address } from "viem";
import { classMask, jurisdictionCode, roleHash } from "../../src/sdk/index.js";
import { expectEqual } from "../lib.js";
import { addr, AMOUNTS, type BenchContext, type Wallet } from "./context.js";
import { measureCommonFlows } from "./flows.js";

const CLASS_PROFESSIONAL = 1;
const CLASS_ENTITY = 2;
const CH = jurisdictionCode("CH");
const ACCEPTED = classMask([CLASS_PROFESSIONAL, CLASS_ENTITY]);

/**
 * Qualified as a real deployment has it: credential registry with two qualifiers and a sanctions
 * operator, contract registry, issuer registry, and a token whose verifier checks both credentials,
 * the qualifiers' standing, the sanctions flags and, for contracts, the contract registry.
 */
export async function benchQualified(ctx: BenchContext): Promise<void> {
  const { recorder, viem, deployer, alice, bob, carol, dave, eve, qualifierB, investors } = ctx;
  const S = "qualified" as const;
  const { move } = AMOUNTS;
  const as = (w: Wallet) => ({ account: w.account });
  const rowOf = (c: string) => recorder.rows.find((r) => r.system === S && r.case === c)!.gas;
  const gov = deployer;

  const credentials = await viem.deployContract("CredentialRegistry", [addr(gov)]);
  const issuers = await viem.deployContract("IssuerRegistry", [addr(gov)]);
  const contracts = await viem.deployContract("ContractRegistry", [addr(gov), credentials.address, issuers.address]);
  await credentials.write.grantRole([roleHash("BLOCKER_ROLE"), contracts.address], as(gov));
  await credentials.write.defineClass([CLASS_PROFESSIONAL, "professional investor"], as(gov));
  await credentials.write.defineClass([CLASS_ENTITY, "entity"], as(gov));
  await credentials.write.admitQualifier([addr(gov), "Alpha KYB", ACCEPTED], as(gov));
  await credentials.write.admitQualifier([addr(qualifierB), "Beta Exchange", ACCEPTED], as(gov));
  await credentials.write.grantRole([await credentials.read.SANCTIONS_ROLE(), addr(gov)], as(gov));
  // Flag a few wallets as sanctioned so the flags are real state, not an empty list.
  await credentials.write.setSanctioned([[1, 2, 3].map((i) => keccak256(toHex(`sanctioned-${i}`)).slice(0, 42) as Address), true, "bench list"], as(gov));
  await issuers.write.admitRegulator([addr(gov), CH, "Swiss regulator"], as(gov));
  await issuers.write.qualifyIssuer([addr(gov)], as(gov));
  const verifier = await viem.deployContract("CredentialVerifier", [credentials.address, contracts.address, ACCEPTED, false]);

  const disclosure = { classification: "bond", jurisdiction: "CH", documentUri: "ipfs://offering", documentHash: keccak256(toHex("doc")) };
  let token!: Awaited<ReturnType<typeof viem.deployContract<"SecurityToken">>>;
  await recorder.record(
    S,
    "deploy.token",
    async () => {
      const d = await viem.sendDeploymentTransaction("SecurityToken", ["Helvetia Bond", "HB31", 18, addr(gov), verifier.address, disclosure], {
        client: { wallet: gov },
      });
      token = d.contract;
      return d.deploymentTransaction.hash;
    },
    async () => expectEqual((await token.read.verifier()).toLowerCase(), verifier.address.toLowerCase(), "token verifier"),
  );
  await issuers.write.listToken([token.address], as(gov));
  const balance = (a: Address) => token.read.balanceOf([a]);
  // A fixed expiry (2096-10-02) keeps the calldata, hence the gas, identical on every run.
  const expiry = 4_000_000_000;
  const issuance = (holder: Address) => ({ holder, classId: CLASS_PROFESSIONAL, jurisdiction: CH, expiresAt: expiry });
  const valid = (a: Address) => credentials.read.hasValidCredential([a, ACCEPTED]);

  // Onboarding: one credential is the whole of it.
  for (const w of [alice, bob, dave]) await credentials.write.issue([issuance(addr(w))], as(gov));
  await credentials.write.issue([issuance(addr(carol))], as(qualifierB)); // the other qualifier
  await recorder.record(
    S,
    "onboard.one",
    () => credentials.write.issue([issuance(addr(eve))], as(gov)),
    async () => expectEqual(await valid(addr(eve)), true, "eve qualified"),
  );
  await recorder.record(
    S,
    "onboard.batch100.perInvestor",
    () => credentials.write.issueBatch([investors.map((w) => issuance(addr(w)))], as(gov)),
    async () => {
      for (const w of investors) expectEqual(await valid(addr(w)), true, "batch investor qualified");
    },
    investors.length,
  );

  const pool = await viem.deployContract("BenchPool");
  // Governance vets the pool's code (as it would an AMM pair's), so its registration is effective at once.
  await contracts.write.setCodeVetted([pool.address, true, "bench pool"], as(gov));
  await contracts.write.register([pool.address], as(dave));
  await measureCommonFlows(
    ctx,
    S,
    {
      balanceOf: balance,
      mint: (by, to, n) => token.write.mint([to, n], as(by)),
      burn: (by, from, n) => token.write.burn([from, n], as(by)),
      transfer: (by, to, n) => token.write.transfer([to, n], as(by)),
      approve: (by, spender, n) => token.write.approve([spender, n], as(by)),
      transferFrom: (by, from, to, n) => token.write.transferFrom([from, to, n], as(by)),
    },
    gov,
    pool.address,
  );
  let before = await balance(addr(bob));
  const transferExisting = async (label: string) =>
    recorder.record(
      S,
      label,
      () => token.write.transfer([addr(bob), move], as(alice)),
      async () => {
        expectEqual(await balance(addr(bob)), before + move, "bob after transfer");
        before += move;
      },
    );
  const base = rowOf("transfer.existing");
  await recorder.record(
    S,
    "forcedTransfer",
    () => token.write.forcedTransferWithCase([addr(alice), addr(bob), move, keccak256(toHex("CASE-1"))], as(gov)),
    async () => {
      expectEqual(await balance(addr(bob)), before + move, "bob after forced transfer");
      before += move;
    },
  );
  await recorder.record(
    S,
    "freeze.partial",
    () => token.write.setFrozenTokens([addr(bob), move], as(gov)),
    async () => expectEqual(await token.read.getFrozenTokens([addr(bob)]), move, "bob frozen amount"),
  );
  await recorder.record(
    S,
    "freeze.wallet",
    () => token.write.setWalletFrozen([addr(carol), true], as(gov)),
    async () => expectEqual(await token.read.isWalletFrozen([addr(carol)]), true, "carol frozen"),
  );
  await recorder.record(
    S,
    "pause",
    () => token.write.pause(as(gov)),
    async () => expectEqual(await token.read.paused(), true, "paused"),
  );
  await token.write.unpause(as(gov));

  // Each extra rule: the same transfer with an issuer blocklist, then also an allowlist, combined all-of.
  const blocklist = await viem.deployContract("BlocklistVerifier", [addr(gov), zeroAddress]);
  await blocklist.write.setBlocked([[addr(eve)], true, "issuer review"], as(gov));
  const allowlist = await viem.deployContract("AllowlistVerifier", [addr(gov)]);
  await allowlist.write.setAllowed([[addr(alice), addr(bob)], true], as(gov));
  const twoRules = await viem.deployContract("AllOfVerifier", [[verifier.address, blocklist.address]]);
  const threeRules = await viem.deployContract("AllOfVerifier", [[verifier.address, blocklist.address, allowlist.address]]);
  await token.write.setVerifier([twoRules.address], as(gov));
  const withBlocklist = await transferExisting("transfer.existing.plusBlocklist");
  await token.write.setVerifier([threeRules.address], as(gov));
  const withAllowlist = await transferExisting("transfer.existing.plusBlocklistAllowlist");
  recorder.add(S, "rule.extra.first", withBlocklist - base);
  recorder.add(S, "rule.extra.second", withAllowlist - withBlocklist);

  // Where the gas goes: the token's own rules and one verifier call, with a verifier that checks nothing.
  const pass = await viem.deployContract("PassVerifier");
  await token.write.setVerifier([pass.address], as(gov));
  await transferExisting("transfer.existing.tokenRulesOnly");
}
