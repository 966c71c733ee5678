import { formatUnits, getAddress, keccak256, parseUnits, toHex, type Address } from "viem";
import {
  bondBridgeAbi,
  checkTransfer,
  credentialMirrorAbi,
  credentialMirrorSenderAbi,
  contractRegistryAbi,
  contractRegistryBytecode,
  credentialRegistryAbi,
  credentialRegistryBytecode,
  credentialVerifierAbi,
  credentialVerifierBytecode,
  decodeRevert,
  issuerRegistryAbi,
  issuerRegistryBytecode,
  mirroredContractRegistryAbi,
  securityTokenAbi,
  securityTokenBytecode,
  selfRegisteringVaultAbi,
  selfRegisteringVaultBytecode,
  type Connection,
  type Signer,
} from "../sdk/index.js";
import { waitForSuccess } from "../sdk/transactions.js";
import { deployLocalLayerZero } from "../crosschain/local-layerzero.js";
import { Relayer } from "../crosschain/relayer.js";
import { deployBridge, deployMirror, deployMirrorVerifier, type ChainSide } from "../crosschain/deploy.js";
import type { CrossChainDeployment } from "../crosschain/deployment-file.js";

const PROFESSIONAL = 1;
const CH = (0x43 << 8) | 0x48;
const BOND = (n: string) => parseUnits(n, 18);
export const HOME_EID = 30101;
export const L2_EID = 30184;
/** A mirrored credential is trusted at most this long after the home state it came from (one day). */
export const MAX_STALENESS = 86_400;
/** A contract of unvetted code registered on the L2 waits this long (the shortest window the L2 registry allows). */
export const L2_CHALLENGE_WINDOW = 3_600;

/** Who plays which part, by address; each acts through a signer on each chain. */
export interface L2Cast {
  governance: Address;
  qualifier: Address;
  issuer: Address;
  relayer: Address;
  alice: Address;
  bob: Address;
  carol: Address;
}

export interface L2DemoResult {
  /** Everything on both chains, as `qualified bridge` reads it (rpc fields are filled in by the caller). */
  deployment: Omit<CrossChainDeployment, "home" | "l2"> & {
    home: Omit<CrossChainDeployment["home"], "rpc">;
    l2: Omit<CrossChainDeployment["l2"], "rpc">;
  };
  credentials: Address;
  homeToken: Address;
  l2Token: Address;
  mirror: Address;
  /** The L2's contract registry over the mirror. */
  l2Contracts: Address;
  /** A vault on the L2, registered by Alice, holding bond units. */
  vault: Address;
  homeBridge: Address;
  l2Bridge: Address;
  /** Alice's bridge transfer to Bob on the L2. */
  bridged: bigint;
}

export interface L2DemoOptions {
  log: (line: string) => void;
}

/**
 * The cross-chain story on two chains: the home chain keeps governance, qualifiers and the credential
 * registry; the L2 runs the same token over a credential mirror fed by LayerZero V2 messages, and a bridge
 * moves the bond between them. Governance is a single key here (`qualified demo` shows it behind a Safe and
 * a timelock). Every claim the story prints is read back from the chains.
 */
export async function runL2Demo(home: Connection, l2: Connection, cast: L2Cast, options: L2DemoOptions): Promise<L2DemoResult> {
  const say = options.log;
  const on = (c: Connection, a: Address): Signer => c.signer(a);
  const homeChain = home.chain.id;
  const l2Chain = l2.chain.id;
  say(`\n1. Two chains: home (chain ${homeChain}, LayerZero eid ${HOME_EID}) and an L2 (chain ${l2Chain}, eid ${L2_EID})`);

  const deploy = async (c: Connection, by: Address, abi: readonly unknown[], bytecode: `0x${string}`, args: readonly unknown[]) => {
    const hash = await on(c, by).deployContract({ abi, bytecode, args } as never);
    return getAddress((await waitForSuccess(c, { hash: hash, what: "deploy a contract" })).contractAddress!);
  };
  const write = async (c: Connection, by: Address, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[], value?: bigint) =>
    waitForSuccess(c, { hash: await on(c, by).writeContract({ address, abi, functionName, args, value } as never), what: functionName });
  const read = <T>(c: Connection, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    c.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;

  // Home: the credential and contract registries, a qualifier, the bond.
  const credentials = await deploy(home, cast.governance, credentialRegistryAbi, credentialRegistryBytecode, [cast.governance]);
  const issuers = await deploy(home, cast.governance, issuerRegistryAbi, issuerRegistryBytecode, [cast.governance]);
  const contracts = await deploy(home, cast.governance, contractRegistryAbi, contractRegistryBytecode, [cast.governance, credentials, issuers]);
  // Its guardians' blocks are written into the credential registry, whence the mirror carries them.
  await write(home, cast.governance, credentials, credentialRegistryAbi, "grantRole", [keccak256(toHex("BLOCKER_ROLE")), contracts]);
  await write(home, cast.governance, credentials, credentialRegistryAbi, "defineClass", [PROFESSIONAL, "professional investor"]);
  await write(home, cast.governance, credentials, credentialRegistryAbi, "admitQualifier", [cast.qualifier, "Alpha KYB", 1n << BigInt(PROFESSIONAL)]);
  const accepted = 1n << BigInt(PROFESSIONAL);
  const zero = "0x0000000000000000000000000000000000000000";
  const homeVerifier = await deploy(home, cast.governance, credentialVerifierAbi, credentialVerifierBytecode, [credentials, zero, accepted, false]);
  const disclosure = {
    classification: "bond",
    jurisdiction: "CH",
    documentUri: "ipfs://bafy-offering-memorandum",
    documentHash: keccak256(toHex("offering memorandum v1")),
  };
  const homeToken = await deploy(home, cast.issuer, securityTokenAbi, securityTokenBytecode, [
    "Helvetia Bond 2031",
    "HB31",
    18,
    cast.issuer,
    homeVerifier,
    disclosure,
  ]);
  const now = Number((await home.publicClient.getBlock()).timestamp);
  for (const holder of [cast.alice, cast.bob]) {
    await write(home, cast.qualifier, credentials, credentialRegistryAbi, "issue", [
      { holder, classId: PROFESSIONAL, jurisdiction: CH, expiresAt: now + 365 * 86_400 },
    ]);
  }
  await write(home, cast.issuer, homeToken, securityTokenAbi, "mint", [cast.alice, BOND("1000")]);
  say(`   home: credential registry ${credentials}, bond HB31 ${homeToken}; Alice and Bob hold professional-investor credentials`);

  // LayerZero on both chains, the mirror, the L2 token over it, the bridges.
  const homeLz = await deployLocalLayerZero(home, on(home, cast.governance), { eid: HOME_EID, remoteEids: [L2_EID], relayer: cast.relayer });
  const l2Lz = await deployLocalLayerZero(l2, on(l2, cast.governance), { eid: L2_EID, remoteEids: [HOME_EID], relayer: cast.relayer });
  const homeSide: ChainSide = { connection: home, deployer: on(home, cast.governance), layerZero: homeLz };
  const l2Side: ChainSide = { connection: l2, deployer: on(l2, cast.governance), layerZero: l2Lz };
  const mirroring = await deployMirror(homeSide, l2Side, {
    credentials,
    contracts,
    maxStaleness: MAX_STALENESS,
    challengeWindow: L2_CHALLENGE_WINDOW,
  });
  const l2Verifier = await deployMirrorVerifier(l2Side, mirroring.mirror, accepted, mirroring.contractRegistry);
  const l2Token = await deploy(l2, cast.issuer, securityTokenAbi, securityTokenBytecode, [
    "Helvetia Bond 2031",
    "HB31",
    18,
    cast.issuer,
    l2Verifier,
    disclosure,
  ]);
  const bridges = await deployBridge(homeSide, l2Side, {
    homeToken,
    remoteToken: l2Token,
    homeIssuer: on(home, cast.issuer),
    remoteIssuer: on(l2, cast.issuer),
    rateLimit: { capacity: BOND("10000"), refillPerSecond: BOND("1") },
  });
  say(`   LayerZero EndpointV2 on both chains; L2: credential mirror ${mirroring.mirror} (max staleness ${MAX_STALENESS / 3600} h),`);
  say(`   a contract registry ${mirroring.contractRegistry} over the mirror (no governance of its own),`);
  say(`   the same SecurityToken ${l2Token} over a CredentialVerifier that reads both; a bond bridge on each side`);
  const toL2 = new Relayer({ connection: home, layerZero: homeLz }, { connection: l2, layerZero: l2Lz }, on(l2, cast.relayer));
  const relay = async () => {
    const done = await toL2.relay();
    say(`   relayer: ${done.filter((d) => d.state === "delivered").length} packet(s) verified and executed on the L2`);
  };

  say("\n2. A credential mirrored");
  const fee = await read<bigint>(home, mirroring.sender, credentialMirrorSenderAbi, "quoteSync");
  await write(home, cast.relayer, mirroring.sender, credentialMirrorSenderAbi, "syncQualifier", [1], fee);
  for (const holder of [cast.alice, cast.bob]) await write(home, cast.relayer, mirroring.sender, credentialMirrorSenderAbi, "sync", [holder], fee);
  const before = await read<boolean>(l2, mirroring.mirror, credentialMirrorAbi, "hasValidCredential", [cast.alice, accepted]);
  await relay();
  const after = await read<boolean>(l2, mirroring.mirror, credentialMirrorAbi, "hasValidCredential", [cast.alice, accepted]);
  say(`   Alice's credential on the L2: ${before ? "valid" : "unknown"} before the relay, ${after ? "valid" : "unknown"} after`);

  say("\n3. A bridge transfer");
  const bridgeFee = await read<bigint>(home, bridges.home, bondBridgeAbi, "quoteSend");
  const refused = await on(home, cast.alice)
    .writeContract({ address: bridges.home, abi: bondBridgeAbi, functionName: "send", args: [cast.carol, BOND("10")], value: bridgeFee })
    .then(
      () => undefined,
      (error: unknown) => decodeRevert(error),
    );
  const check = await checkTransfer(home, { token: homeToken, from: cast.alice, to: cast.carol, amount: BOND("10") });
  say(`   Alice -> Carol (no credential): refused at the source (${refused?.name ?? "not refused"}): ${check.message}`);
  const bridged = BOND("250");
  await write(home, cast.alice, bridges.home, bondBridgeAbi, "send", [cast.bob, bridged], bridgeFee);
  await relay();
  const homeSupply = await read<bigint>(home, homeToken, securityTokenAbi, "totalSupply");
  const l2Supply = await read<bigint>(l2, l2Token, securityTokenAbi, "totalSupply");
  const bobL2 = await read<bigint>(l2, l2Token, securityTokenAbi, "balanceOf", [cast.bob]);
  say(`   Alice -> Bob on the L2: ${formatUnits(bridged, 18)} HB31 burnt on home, minted on the L2; Bob holds ${formatUnits(bobL2, 18)} there`);
  say(`   supply: home ${formatUnits(homeSupply, 18)} + L2 ${formatUnits(l2Supply, 18)} = ${formatUnits(homeSupply + l2Supply, 18)} HB31`);

  say("\n4. A DeFi contract on the L2 holds the bond");
  const vault = await deploy(l2, cast.alice, selfRegisteringVaultAbi, selfRegisteringVaultBytecode, []);
  await write(l2, cast.alice, mirroring.contractRegistry, mirroredContractRegistryAbi, "register", [vault]);
  // The L2 trusts no address's flags for longer than the bound: home vouches that the vault is neither
  // sanctioned nor blocked (anyone may ask; the keeper keeps registered contracts fresh).
  await write(home, cast.relayer, mirroring.sender, credentialMirrorSenderAbi, "sync", [vault], fee);
  await relay();
  const waiting = await checkTransfer(l2, { token: l2Token, from: cast.bob, to: vault, amount: BOND("25") });
  say(`   Alice (credential mirrored) registers vault ${vault} on the L2: code not vetted, so it waits ${L2_CHALLENGE_WINDOW / 3600} h`);
  say(
    `   in its window Bob -> vault is ${waiting.allowed ? "allowed" : `refused (code ${waiting.code})`}; a home guardian's block would reach it with one sync`,
  );
  await l2.publicClient.request({ method: "evm_increaseTime", params: [L2_CHALLENGE_WINDOW] } as never);
  await l2.publicClient.request({ method: "evm_mine", params: [] } as never);
  await write(l2, cast.bob, l2Token, securityTokenAbi, "transfer", [vault, BOND("25")]);
  const inVault = await read<bigint>(l2, l2Token, securityTokenAbi, "balanceOf", [vault]);
  say(`   after the window: Bob -> vault ${formatUnits(BOND("25"), 18)} HB31; the vault holds ${formatUnits(inVault, 18)}, Alice answers for it`);

  say("\n5. A revocation reaching the L2");
  const credentialId = await read<bigint>(home, credentials, credentialRegistryAbi, "credentialId", [cast.bob, 1, PROFESSIONAL]);
  await write(home, cast.qualifier, credentials, credentialRegistryAbi, "revoke", [credentialId, "no longer a professional investor"]);
  const stale = await checkTransfer(l2, { token: l2Token, from: cast.bob, to: cast.alice, amount: BOND("1") });
  say(
    `   revoked on home; on the L2, before any relay, Bob -> Alice is ${stale.allowed ? `still allowed (trusted at most ${MAX_STALENESS / 3600} h)` : "refused"}`,
  );
  await write(home, cast.relayer, mirroring.sender, credentialMirrorSenderAbi, "sync", [cast.bob], fee);
  await relay();
  const now2 = await checkTransfer(l2, { token: l2Token, from: cast.bob, to: cast.alice, amount: BOND("1") });
  say(`   after one relay: Bob -> Alice on the L2 is ${now2.allowed ? "allowed" : `refused (code ${now2.code}): ${now2.message}`}`);

  say("\n6. The relayer stops: the staleness bound");
  const receiveCode = async () => read<number>(l2, l2Verifier, credentialVerifierAbi, "detectReceiveRestriction", [cast.alice]);
  say(`   Alice may receive on the L2 now: ${(await receiveCode()) === 0 ? "yes" : "no"}`);
  await l2.publicClient.request({ method: "evm_increaseTime", params: [MAX_STALENESS + 1] } as never);
  await l2.publicClient.request({ method: "evm_mine", params: [] } as never);
  const lapsed = await receiveCode();
  const why = await read<string>(l2, l2Token, securityTokenAbi, "messageForTransferRestriction", [lapsed]);
  say(`   ${MAX_STALENESS / 3600} h later with no message from home: ${lapsed === 0 ? "still yes" : `no (code ${lapsed}): ${why}`}`);

  const deployment = {
    home: {
      chainId: homeChain,
      eid: HOME_EID,
      endpoint: homeLz.endpoint,
      messageLib: homeLz.messageLib,
      token: homeToken,
      bridge: bridges.home,
      bridgeMessenger: bridges.messengers.home,
      mirrorMessenger: mirroring.messengers.home,
      mirrorSender: mirroring.sender,
      credentials,
      contracts,
    },
    l2: {
      chainId: l2Chain,
      eid: L2_EID,
      endpoint: l2Lz.endpoint,
      messageLib: l2Lz.messageLib,
      token: l2Token,
      bridge: bridges.remote,
      bridgeMessenger: bridges.messengers.remote,
      mirrorMessenger: mirroring.messengers.remote,
      mirror: mirroring.mirror,
      contractRegistry: mirroring.contractRegistry,
    },
  };
  return {
    deployment,
    credentials,
    homeToken,
    l2Token,
    mirror: mirroring.mirror,
    l2Contracts: mirroring.contractRegistry,
    vault,
    homeBridge: bridges.home,
    l2Bridge: bridges.remote,
    bridged,
  };
}
