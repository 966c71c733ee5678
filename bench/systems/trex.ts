import { createRequire } from "node:module";
import { encodeAbiParameters, getAddress, getContract, keccak256, toHex, zeroAddress, type Abi, type Address, type Hash } from "viem";
import { expectEqual } from "../lib.js";
import { addr, AMOUNTS, deployRaw, type BenchContext, type RawArtifact, type Wallet } from "./context.js";
import { measureCommonFlows } from "./flows.js";

const require = createRequire(import.meta.url);
const trex = (path: string): RawArtifact => require(`@tokenysolutions/t-rex/artifacts/contracts/${path}`);
const onchainId = (path: string): RawArtifact => require(`@onchain-id/solidity/artifacts/contracts/${path}`);

const KYC_TOPIC = 1n; // the one claim topic the token requires
const SWITZERLAND = 756; // ISO 3166 numeric, as T-REX stores countries
const ECDSA = 1n; // ONCHAINID key type and claim scheme
const CLAIM_PURPOSE = 3n;

/**
 * ERC-3643 reference implementation (T-REX 4.1.6), a minimal but real suite: token, identity registry and
 * its storage, claim topics registry with one KYC topic, trusted issuers registry with one claim issuer,
 * modular compliance, each behind its proxy and implementation authority. Investors are onboarded the
 * T-REX way: an ONCHAINID identity from the identity factory, a signed KYC claim added, the identity
 * registered.
 */
export async function benchTrex(ctx: BenchContext): Promise<void> {
  const { recorder, deployer, alice, bob, carol, dave, eve, qualifierB: claimSigner, investors, publicClient } = ctx;
  const S = "trex" as const;
  const { start, move } = AMOUNTS;
  const at = (address: Address, artifact: RawArtifact, wallet: Wallet = deployer) =>
    getContract({ address, abi: artifact.abi as Abi, client: { public: publicClient, wallet } });

  // Implementations and their authority.
  const A = {
    token: trex("token/Token.sol/Token.json"),
    ctr: trex("registry/implementation/ClaimTopicsRegistry.sol/ClaimTopicsRegistry.json"),
    tir: trex("registry/implementation/TrustedIssuersRegistry.sol/TrustedIssuersRegistry.json"),
    irs: trex("registry/implementation/IdentityRegistryStorage.sol/IdentityRegistryStorage.json"),
    ir: trex("registry/implementation/IdentityRegistry.sol/IdentityRegistry.json"),
    mc: trex("compliance/modular/ModularCompliance.sol/ModularCompliance.json"),
    authority: trex("proxy/authority/TREXImplementationAuthority.sol/TREXImplementationAuthority.json"),
    tokenProxy: trex("proxy/TokenProxy.sol/TokenProxy.json"),
    ctrProxy: trex("proxy/ClaimTopicsRegistryProxy.sol/ClaimTopicsRegistryProxy.json"),
    tirProxy: trex("proxy/TrustedIssuersRegistryProxy.sol/TrustedIssuersRegistryProxy.json"),
    irsProxy: trex("proxy/IdentityRegistryStorageProxy.sol/IdentityRegistryStorageProxy.json"),
    irProxy: trex("proxy/IdentityRegistryProxy.sol/IdentityRegistryProxy.json"),
    mcProxy: trex("proxy/ModularComplianceProxy.sol/ModularComplianceProxy.json"),
    identity: onchainId("Identity.sol/Identity.json"),
    identityAuthority: onchainId("proxy/ImplementationAuthority.sol/ImplementationAuthority.json"),
    idFactory: onchainId("factory/IdFactory.sol/IdFactory.json"),
    claimIssuer: onchainId("ClaimIssuer.sol/ClaimIssuer.json"),
  };
  const impl: Record<string, Address> = {};
  for (const k of ["token", "ctr", "tir", "irs", "ir", "mc"] as const) impl[k] = (await deployRaw(ctx, deployer, A[k], [])).address;
  const authority = at((await deployRaw(ctx, deployer, A.authority, [true, zeroAddress, zeroAddress])).address, A.authority);
  await authority.write.addAndUseTREXVersion([
    { major: 4, minor: 0, patch: 0 },
    {
      tokenImplementation: impl.token,
      ctrImplementation: impl.ctr,
      irImplementation: impl.ir,
      irsImplementation: impl.irs,
      tirImplementation: impl.tir,
      mcImplementation: impl.mc,
    },
  ]);

  // Identities: the ONCHAINID factory deploys one proxy per wallet.
  const identityImpl = await deployRaw(ctx, deployer, A.identity, [addr(deployer), true]);
  const identityAuthority = await deployRaw(ctx, deployer, A.identityAuthority, [identityImpl.address]);
  const idFactory = at((await deployRaw(ctx, deployer, A.idFactory, [identityAuthority.address])).address, A.idFactory);

  // The claim issuer, with a signing key for KYC claims.
  const claimIssuer = at((await deployRaw(ctx, deployer, A.claimIssuer, [addr(deployer)])).address, A.claimIssuer);
  const signerKey = keccak256(encodeAbiParameters([{ type: "address" }], [addr(claimSigner)]));
  await claimIssuer.write.addKey([signerKey, CLAIM_PURPOSE, ECDSA]);

  // Deploying a token for an issuer: the suite of proxies and their wiring.
  let token!: ReturnType<typeof at>;
  let ir!: ReturnType<typeof at>;
  await recorder.record(
    S,
    "deploy.token",
    async () => {
      const hashes: Hash[] = [];
      const deploy = async (artifact: RawArtifact, args: unknown[]) => {
        const d = await deployRaw(ctx, deployer, artifact, args);
        hashes.push(d.hash);
        return d.address;
      };
      const ctr = at(await deploy(A.ctrProxy, [authority.address]), A.ctr);
      const tir = at(await deploy(A.tirProxy, [authority.address]), A.tir);
      const irs = at(await deploy(A.irsProxy, [authority.address]), A.irs);
      ir = at(await deploy(A.irProxy, [authority.address, tir.address, ctr.address, irs.address]), A.ir);
      const mc = await deploy(A.mcProxy, [authority.address]);
      token = at(await deploy(A.tokenProxy, [authority.address, ir.address, mc, "Helvetia Bond", "HB31", 18, zeroAddress]), A.token);
      hashes.push(await irs.write.bindIdentityRegistry([ir.address]));
      hashes.push(await ctr.write.addClaimTopic([KYC_TOPIC]));
      hashes.push(await tir.write.addTrustedIssuer([claimIssuer.address, [KYC_TOPIC]]));
      hashes.push(await ir.write.addAgent([addr(deployer)]));
      hashes.push(await token.write.addAgent([addr(deployer)]));
      hashes.push(await token.write.unpause([]));
      return hashes;
    },
    async () => expectEqual(getAddress((await token.read.identityRegistry([])) as Address), getAddress(ir.address), "token wired to its registry"),
  );
  const balance = async (a: Address) => (await token.read.balanceOf([a])) as bigint;
  const verified = async (a: Address) => (await ir.read.isVerified([a])) as boolean;

  /** The T-REX onboarding of one wallet: identity, signed KYC claim, registration. */
  const identityFor = async (wallet: Address, salt: string, claimAdder: Wallet, managementKeys?: `0x${string}`[]) => {
    const hashes: Hash[] = [];
    hashes.push(
      managementKeys
        ? await idFactory.write.createIdentityWithManagementKeys([wallet, salt, managementKeys])
        : await idFactory.write.createIdentity([wallet, salt]),
    );
    const identity = (await idFactory.read.getIdentity([wallet])) as Address;
    const data = keccak256(toHex(`KYC passed: ${salt}`));
    const digest = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }, { type: "bytes" }], [identity, KYC_TOPIC, data]));
    const signature = await claimSigner.signMessage({ message: { raw: digest } });
    hashes.push(await at(identity, A.identity, claimAdder).write.addClaim([KYC_TOPIC, ECDSA, claimIssuer.address, signature, data, ""]));
    return { identity, hashes };
  };
  const onboard = async (w: Wallet, salt: string) => {
    const { identity, hashes } = await identityFor(addr(w), salt, w);
    hashes.push(await ir.write.registerIdentity([addr(w), identity, SWITZERLAND]));
    return hashes;
  };

  for (const w of [alice, bob, carol, dave]) await onboard(w, `investor-${addr(w)}`);
  await recorder.record(
    S,
    "onboard.one",
    () => onboard(eve, "eve"),
    async () => expectEqual(await verified(addr(eve)), true, "eve verified"),
  );
  await recorder.record(
    S,
    "onboard.batch100.perInvestor",
    async () => {
      const hashes: Hash[] = [];
      const identities: Address[] = [];
      for (const [i, w] of investors.entries()) {
        const r = await identityFor(addr(w), `batch-${i}`, w);
        hashes.push(...r.hashes);
        identities.push(r.identity);
      }
      hashes.push(await ir.write.batchRegisterIdentity([investors.map(addr), identities, investors.map(() => SWITZERLAND)]));
      return hashes;
    },
    async () => {
      for (const w of investors) expectEqual(await verified(addr(w)), true, "batch investor verified");
    },
    investors.length,
  );

  const as = (w: Wallet) => at(token.address, A.token, w);
  // A DeFi pool in T-REX needs an identity with a KYC claim too; the agent manages it for the contract.
  const pool = await ctx.viem.deployContract("BenchPool");
  const agentKey = keccak256(encodeAbiParameters([{ type: "address" }], [addr(deployer)]));
  const poolIdentity = await identityFor(pool.address, "pool", deployer, [agentKey]);
  await ir.write.registerIdentity([pool.address, poolIdentity.identity, SWITZERLAND]);
  await measureCommonFlows(
    ctx,
    S,
    {
      balanceOf: balance,
      mint: (by, to, n) => as(by).write.mint([to, n]),
      burn: (by, from, n) => as(by).write.burn([from, n]),
      transfer: (by, to, n) => as(by).write.transfer([to, n]),
      approve: (by, spender, n) => as(by).write.approve([spender, n]),
      transferFrom: (by, from, to, n) => as(by).write.transferFrom([from, to, n]),
    },
    deployer,
    pool.address,
  );
  await recorder.record(
    S,
    "forcedTransfer",
    () => as(deployer).write.forcedTransfer([addr(alice), addr(bob), move]),
    async () => expectEqual(await balance(addr(bob)), start + move, "bob after forced transfer"),
  );
  await recorder.record(
    S,
    "freeze.partial",
    () => as(deployer).write.freezePartialTokens([addr(bob), move]),
    async () => expectEqual((await token.read.getFrozenTokens([addr(bob)])) as bigint, move, "bob frozen amount"),
  );
  await recorder.record(
    S,
    "freeze.wallet",
    () => as(deployer).write.setAddressFrozen([addr(carol), true]),
    async () => expectEqual((await token.read.isFrozen([addr(carol)])) as boolean, true, "carol frozen"),
  );
  await recorder.record(
    S,
    "pause",
    () => as(deployer).write.pause([]),
    async () => expectEqual((await token.read.paused([])) as boolean, true, "paused"),
  );
}
