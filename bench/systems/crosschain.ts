import { network } from "hardhat";
import { keccak256, toHex, type EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/clients.js";
import { deployLocalLayerZero } from "../../src/crosschain/local-layerzero.js";
import { Relayer } from "../../src/crosschain/relayer.js";
import { deployBridge, deployMirror, deployMirrorVerifier, type ChainSide } from "../../src/crosschain/deploy.js";
import { expectEqual } from "../lib.js";
import { addr, type BenchContext } from "./context.js";

const CLASS_PROFESSIONAL = 1;
const CH = (0x43 << 8) | 0x48;
const ACCEPTED = 1n << BigInt(CLASS_PROFESSIONAL);

/**
 * Cross-chain figures: a second EDR chain (the L2) with LayerZero's EndpointV2 on both, the credential
 * mirror and the bond bridge. Measures the home-side sends and the L2-side executions (the endpoint's
 * lzReceive: what LayerZero's executor pays), and a fully checked transfer on the L2 through the mirror.
 */
export async function benchCrossChain(ctx: BenchContext, homeProvider: EIP1193Provider): Promise<void> {
  const { recorder, viem, deployer, alice, bob } = ctx;
  const S = "qualified" as const;
  const as = { account: deployer.account };
  const gov = addr(deployer);

  const credentials = await viem.deployContract("CredentialRegistry", [gov]);
  const issuers = await viem.deployContract("IssuerRegistry", [gov]);
  const contracts = await viem.deployContract("ContractRegistry", [gov, credentials.address, issuers.address]);
  await credentials.write.defineClass([CLASS_PROFESSIONAL, "professional investor"], as);
  await credentials.write.admitQualifier([gov, "Alpha KYB", ACCEPTED], as);
  // Fixed times, so the figures do not move with the clock: a mirrored word carries the expiry and the time it
  // was read, and calldata costs 4 gas per zero byte, 16 per other byte. No byte of these times is zero.
  const expiresAt = 0x7a7a7a7a;
  for (const w of [alice, bob]) {
    await credentials.write.issue([{ holder: addr(w), classId: CLASS_PROFESSIONAL, jurisdiction: CH, expiresAt }], as);
  }
  const verifier = await viem.deployContract("CredentialVerifier", [credentials.address, "0x0000000000000000000000000000000000000000", ACCEPTED, false]);
  const disclosure = { classification: "bond", jurisdiction: "CH", documentUri: "ipfs://offering", documentHash: keccak256(toHex("doc")) };
  const token = await viem.deployContract("SecurityToken", ["Helvetia Bond", "HB31", 18, gov, verifier.address, disclosure]);
  await token.write.mint([addr(alice), 1_000_000n], as);

  const l2 = await network.create({ override: { chainId: 31338 } });
  const l2Public = await l2.viem.getPublicClient();
  const home = await connectProvider(homeProvider);
  const remote = await connectProvider(l2.provider as unknown as EIP1193Provider);
  const relayer = gov;
  const homeLz = await deployLocalLayerZero(home, home.signer(gov), { eid: 30101, remoteEids: [30184], relayer });
  const l2Lz = await deployLocalLayerZero(remote, remote.signer(gov), { eid: 30184, remoteEids: [30101], relayer });
  const homeSide: ChainSide = { connection: home, deployer: home.signer(gov), layerZero: homeLz };
  const l2Side: ChainSide = { connection: remote, deployer: remote.signer(gov), layerZero: l2Lz };
  const mirroring = await deployMirror(homeSide, l2Side, { credentials: credentials.address, contracts: contracts.address, maxStaleness: 86_400 });
  const l2Verifier = await deployMirrorVerifier(l2Side, mirroring.mirror, ACCEPTED, mirroring.contractRegistry);
  const l2Token = await l2.viem.deployContract("SecurityToken", ["Helvetia Bond", "HB31", 18, gov, l2Verifier, disclosure]);
  const bridges = await deployBridge(homeSide, l2Side, {
    homeToken: token.address,
    remoteToken: l2Token.address,
    homeIssuer: home.signer(gov),
    remoteIssuer: remote.signer(gov),
    rateLimit: { capacity: 10n ** 24n, refillPerSecond: 10n ** 18n },
  });
  const toL2 = new Relayer({ connection: home, layerZero: homeLz }, { connection: remote, layerZero: l2Lz }, remote.signer(relayer));
  const sender = await viem.getContractAt("CredentialMirrorSender", mirroring.sender);
  const mirror = await l2.viem.getContractAt("CredentialMirror", mirroring.mirror);
  const homeBridge = await viem.getContractAt("BondBridge", bridges.home);
  const fee = await sender.read.quoteSync();

  await sender.write.syncQualifier([1], { ...as, value: fee });
  await toL2.relay();

  let pinned = 0;
  /** The next block on both chains at a fixed time (spaced so that no byte of it is zero, and always ahead of the chains). */
  const pinClocks = async () => {
    const t = 0x7a010101 + 0x101 * pinned++;
    await home.publicClient.request({ method: "evm_setNextBlockTimestamp", params: [t] } as never);
    await remote.publicClient.request({ method: "evm_setNextBlockTimestamp", params: [t] } as never);
  };
  const l2Gas = async (hash: `0x${string}` | undefined) => {
    if (!hash) throw new Error("the packet was not delivered");
    const receipt = await l2Public.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`L2 transaction ${hash} reverted`);
    return Number(receipt.gasUsed);
  };
  const deliverOne = async () => {
    const delivered = await toL2.relay();
    expectEqual(delivered.length, 1, "packets relayed");
    return delivered[0].deliveredIn;
  };

  // A mirrored update: one wallet's state sent from home, then executed on the L2.
  for (const w of [alice, bob] as const) {
    await pinClocks();
    await recorder.record(
      S,
      w === alice ? "crosschain.mirror.send.first" : "crosschain.mirror.send",
      () => sender.write.sync([addr(w)], { ...as, value: fee }),
      async () => {},
    );
    const gas = await l2Gas(await deliverOne());
    expectEqual(await mirror.read.hasValidCredential([addr(w), ACCEPTED]), true, "credential mirrored");
    recorder.add(S, w === alice ? "crosschain.mirror.receive.first" : "crosschain.mirror.receive", gas);
  }

  // A fully checked transfer on the L2, between two holders, through the mirror.
  await l2Token.write.mint([addr(alice), 1_000n], as);
  await l2Token.write.mint([addr(bob), 1_000n], as);
  const transferGas = await l2Gas(await l2Token.write.transfer([addr(bob), 100n], { account: alice.account }));
  expectEqual(await l2Token.read.balanceOf([addr(bob)]), 1_100n, "L2 transfer");
  recorder.add(S, "crosschain.transfer.l2", transferGas);

  // A bridge transfer: burn and send on home, then mint on the L2.
  const bridgeFee = await homeBridge.read.quoteSend();
  await pinClocks();
  await recorder.record(
    S,
    "crosschain.bridge.send",
    () => homeBridge.write.send([addr(bob), 500n], { account: alice.account, value: bridgeFee }),
    async () => expectEqual(await token.read.balanceOf([addr(alice)]), 1_000_000n - 500n, "burnt on home"),
  );
  const gas = await l2Gas(await deliverOne());
  expectEqual(await l2Token.read.balanceOf([addr(bob)]), 1_600n, "minted on the L2");
  recorder.add(S, "crosschain.bridge.receive", gas);

  // Vetted code reaches the L2: governance vets a vault's code at home, anyone syncs it, anyone registers a
  // vault of that code on the L2, and a holder moves the bond into it.
  const exemplar = await viem.deployContract("SelfRegisteringVault");
  const vault = await l2.viem.deployContract("SelfRegisteringVault");
  await contracts.write.setCodeVetted([exemplar.address, true, "demo vault"], as);
  const codeHash = keccak256((await l2Public.getCode({ address: vault.address }))!);
  await pinClocks();
  await recorder.record(
    S,
    "crosschain.code.send",
    () => sender.write.syncCode([codeHash], { ...as, value: fee }),
    async () => {},
  );
  recorder.add(S, "crosschain.code.receive", await l2Gas(await deliverOne()));
  expectEqual(await mirror.read.isVettedCode([codeHash]), true, "vetting mirrored");
  const l2Contracts = await l2.viem.getContractAt("MirroredContractRegistry", mirroring.contractRegistry);
  recorder.add(S, "crosschain.register.l2", await l2Gas(await l2Contracts.write.register([vault.address], { account: bob.account })));
  // Home vouches for the vault's flags (neither sanctioned nor blocked), as the keeper does for a contract that holds the bond.
  await sender.write.sync([vault.address], { ...as, value: fee });
  await deliverOne();
  recorder.add(S, "crosschain.transfer.l2.contract", await l2Gas(await l2Token.write.transfer([vault.address, 100n], { account: alice.account })));
  expectEqual(await l2Token.read.balanceOf([vault.address]), 100n, "the registered vault holds the bond on the L2");
  await l2.close();
}
