import { network } from "hardhat";
import { keccak256, toHex, type Address } from "viem";
import { connectProvider, type Connection, type Signer } from "../../src/sdk/clients.js";
import { deployLocalLayerZero } from "../../src/crosschain/local-layerzero.js";
import { Relayer } from "../../src/crosschain/relayer.js";
import { deployBridge, deployMirror, deployMirrorVerifier, type ChainSide } from "../../src/crosschain/deploy.js";
import { connect, CLASS_PROFESSIONAL, CLASS_ENTITY } from "./fixture.js";

export const HOME_EID = 30101;
export const L2_EID = 30184;
export const L2_CHAIN_ID = 31338;
export const MAX_STALENESS = 24n * 60n * 60n;
/** The L2 contract registry's challenge window (shorter than the staleness bound, so tests can wait it out). */
export const L2_CHALLENGE_WINDOW = 6n * 60n * 60n;

/**
 * Two chains in one run: the home chain (the whole system, as test/support/fixture.ts deploys it) and an
 * L2 simulated by a second EDR instance with its own chain id. Each has LayerZero's real EndpointV2 and
 * SimpleMessageLib; two relayers (one per direction) carry packets. On the L2: the credential mirror, the
 * mirrored contract registry, a CredentialVerifier over both and the same SecurityToken, unchanged; a bond
 * bridge on each side.
 */
export async function twoChains() {
  const home = await connect();
  const l2 = await network.create({ override: { chainId: L2_CHAIN_ID } });
  const l2Public = await l2.viem.getPublicClient();
  const l2Wallets = await l2.viem.getWalletClients();
  const homeWallets = await home.viem.getWalletClients();
  const relayerIndex = 12;
  const homeConnection: Connection = await connectProvider(home.connection.provider as never);
  const l2Connection: Connection = await connectProvider(l2.provider as never);
  const signerOn = (c: Connection, address: Address): Signer => c.signer(address);

  async function deployCrossChain() {
    const system = await home.deploySystem();
    const { governance, issuer } = home.actors;
    const relayerAddress = homeWallets[relayerIndex].account.address;
    const homeLz = await deployLocalLayerZero(homeConnection, signerOn(homeConnection, governance.account.address), {
      eid: HOME_EID,
      remoteEids: [L2_EID],
      relayer: relayerAddress,
    });
    const l2Lz = await deployLocalLayerZero(l2Connection, signerOn(l2Connection, governance.account.address), {
      eid: L2_EID,
      remoteEids: [HOME_EID],
      relayer: relayerAddress,
    });
    const homeSide: ChainSide = { connection: homeConnection, deployer: signerOn(homeConnection, governance.account.address), layerZero: homeLz };
    const l2Side: ChainSide = { connection: l2Connection, deployer: signerOn(l2Connection, governance.account.address), layerZero: l2Lz };

    const mirroring = await deployMirror(homeSide, l2Side, {
      credentials: system.credentials.address,
      contracts: system.contracts.address,
      maxStaleness: Number(MAX_STALENESS),
      challengeWindow: Number(L2_CHALLENGE_WINDOW),
    });
    const l2VerifierAddress = await deployMirrorVerifier(l2Side, mirroring.mirror, system.professionalAndEntity, mirroring.contractRegistry);
    const l2Token = await l2.viem.deployContract(
      "SecurityToken",
      [
        "Helvetia Bond 2031",
        "HB31",
        18,
        issuer.account.address,
        l2VerifierAddress,
        {
          classification: "bond",
          jurisdiction: "CH",
          documentUri: "ipfs://bafy-offering-memorandum",
          documentHash: keccak256(toHex("offering memorandum v1")),
        },
      ],
      { client: { wallet: l2Wallets[4] } },
    );
    const bridges = await deployBridge(homeSide, l2Side, {
      homeToken: system.token.address,
      remoteToken: l2Token.address,
      homeIssuer: signerOn(homeConnection, issuer.account.address),
      remoteIssuer: signerOn(l2Connection, issuer.account.address),
      rateLimit: { capacity: 10_000n, refillPerSecond: 1n },
    });

    const relayers = () => ({
      toL2: new Relayer(
        { connection: homeConnection, layerZero: homeLz },
        { connection: l2Connection, layerZero: l2Lz },
        signerOn(l2Connection, relayerAddress),
      ),
      toHome: new Relayer(
        { connection: l2Connection, layerZero: l2Lz },
        { connection: homeConnection, layerZero: homeLz },
        signerOn(homeConnection, relayerAddress),
      ),
    });
    let { toL2, toHome } = relayers();

    const sender = await home.viem.getContractAt("CredentialMirrorSender", mirroring.sender);
    const mirror = await l2.viem.getContractAt("CredentialMirror", mirroring.mirror);
    const l2Contracts = await l2.viem.getContractAt("MirroredContractRegistry", mirroring.contractRegistry);
    const l2Verifier = await l2.viem.getContractAt("CredentialVerifier", l2VerifierAddress);
    const homeBridge = await home.viem.getContractAt("BondBridge", bridges.home);
    const l2Bridge = await l2.viem.getContractAt("BondBridge", bridges.remote);
    const fee = await sender.read.quoteSync();
    const bridgeFee = await homeBridge.read.quoteSend();

    /** Pushes a wallet's home state (anyone may; here the relayer account pays). */
    const sync = async (wallet: Address) => sender.write.sync([wallet], { value: fee, account: homeWallets[relayerIndex].account });
    const syncCode = async (codeHash: `0x${string}`) => sender.write.syncCode([codeHash], { value: fee, account: homeWallets[relayerIndex].account });
    const syncQualifier = async (id: number) => sender.write.syncQualifier([id], { value: fee, account: homeWallets[relayerIndex].account });

    // The qualifiers' standing and Alice's and Bob's credentials reach the L2.
    await syncQualifier(1);
    await syncQualifier(2);
    await sync(home.actors.alice.account.address);
    await sync(home.actors.bob.account.address);
    await toL2.relay();
    const homeSnapshot = await home.networkHelpers.takeSnapshot();
    const l2Snapshot = await l2.networkHelpers.takeSnapshot();

    const x = {
      ...system,
      mirroring,
      bridges,
      homeLz,
      l2Lz,
      sender,
      mirror,
      l2Contracts,
      l2Verifier,
      l2Token,
      homeBridge,
      l2Bridge,
      toL2,
      toHome,
      fee,
      bridgeFee,
      sync,
      syncQualifier,
      syncCode,
      relayerAccount: homeWallets[relayerIndex],
      /** Both chains back to just after deployment, with fresh relayers. */
      async restore() {
        await homeSnapshot.restore();
        await l2Snapshot.restore();
        ({ toL2, toHome } = relayers());
        x.toL2 = toL2;
        x.toHome = toHome;
      },
      /** Delivers the pending packets of one path only (a bridge's or the mirror's), in nonce order. */
      async relayTo(relayer: Relayer, receiver: Address) {
        const out = [];
        for (const p of await relayer.pending()) {
          if (p.packet.receiver === receiver) out.push(await relayer.deliver(p.packet, p.state));
        }
        return out;
      },
    };
    return x;
  }

  return { home, l2, l2Public, l2Wallets, homeWallets, homeConnection, l2Connection, deployCrossChain, CLASS_PROFESSIONAL, CLASS_ENTITY };
}
