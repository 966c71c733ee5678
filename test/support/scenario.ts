import { encodeFunctionData, erc20Abi, getAddress, keccak256, toHex, type Address } from "viem";
import {
  admitQualifierCall,
  admitRegulatorCall,
  appointGuardianCall,
  appointSanctionsOperatorCall,
  blockContract,
  credentialId,
  deploySystem,
  deployToken,
  governViaTimelock,
  issueCredentials,
  listToken,
  mintCall,
  qualifyIssuer,
  registerContract,
  selfRegisteringVaultAbi,
  selfRegisteringVaultBytecode,
  renewCredential,
  revokeCredential,
  send,
  setSanctioned,
  unlockedAccounts,
  vetCodeCall,
  deregisterContractCall,
  type Connection,
  type Deployment,
  type Signer,
} from "../../src/sdk/index.js";
import { waitForSuccess } from "../../src/sdk/transactions.js";

/**
 * A market on `connection`: governance (Safe + timelock) admits a qualifier ("Alpha") and a regulator, an issuer
 * deploys and lists a bond (listed on chain only: `deployment.tokens` stays empty, so a monitor must discover
 * it). Governance vets the code of the scenario's DeFi contract, so registering one is effective at once.
 * Returns the signers and helpers to qualify, mint, pay and add a registered contract.
 */
export async function setupMarket(connection: Connection) {
  const signers: Signer[] = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
  const [deployer, o1, o2, o3, issuer, qualifier, regulator] = signers;
  const deployment: Deployment = await deploySystem(connection, { deployer, governanceOwners: [o1, o2, o3].map((x) => x.account.address), timelockDelay: 60 });
  const deployVault = async (by: Signer) => {
    const hash = await by.deployContract({ abi: selfRegisteringVaultAbi, bytecode: selfRegisteringVaultBytecode });
    return getAddress((await waitForSuccess(connection, { hash, what: "deploy" })).contractAddress!);
  };
  const vaultExemplar = await deployVault(deployer);
  await governViaTimelock(connection, {
    deployment,
    calls: [
      admitQualifierCall({ deployment, account: qualifier.account.address, name: "Alpha", classes: [1] }),
      admitRegulatorCall({ deployment, account: regulator.account.address, jurisdiction: "CH", name: "Swiss regulator" }),
      appointGuardianCall({ deployment, account: deployer.account.address }),
      appointSanctionsOperatorCall({ deployment, account: deployer.account.address }),
      vetCodeCall({ deployment, exemplar: vaultExemplar, label: "scenario vault" }),
    ],
    signers: [o1, o2],
  });
  await qualifyIssuer(connection, { deployment, actor: regulator, issuer: issuer.account.address });
  const { address: token } = await deployToken(connection, {
    deployer: issuer,
    deployment,
    token: {
      name: "Bond",
      symbol: "BND",
      issuer: issuer.account.address,
      acceptedClasses: [1],
      disclosure: { classification: "bond", jurisdiction: "CH", documentUri: "", documentHash: keccak256(toHex("doc")) },
    },
  });
  deployment.tokens = []; // the monitor has to find it through TokenListed
  await listToken(connection, { deployment, actor: issuer, token });
  const wallets = signers.slice(7); // free for the scenario
  /** A year from the chain's current time (tests move the chain's clock). */
  const yearFromNow = async () => Number((await connection.publicClient.getBlock({ blockTag: "latest" })).timestamp) + 365 * 86_400;

  return {
    deployment,
    token,
    issuer,
    wallets,
    qualify: async (holders: Address[]) => {
      const expiresAt = await yearFromNow();
      return issueCredentials(connection, {
        deployment,
        actor: qualifier,
        requests: holders.map((holder) => ({ holder, classId: 1, jurisdiction: "CH", expiresAt })),
      });
    },
    mint: (to: Address, amount: bigint) => send(connection, { actor: issuer, ...mintCall({ token, to, amount }), what: "mint" }),
    pay: (from: Signer, to: Address, amount: bigint) =>
      send(connection, { actor: from, to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }), what: "transfer" }),
    /** Governance vets the code deployed at `target` (a Uniswap pair, say): registering it is effective at once. */
    vet: async (target: Address) =>
      governViaTimelock(connection, { deployment, calls: [vetCodeCall({ deployment, exemplar: target, label: "scenario" })], signers: [o1, o2] }),
    /** Governance removes a registration, with a reason. */
    deregister: async (target: Address) =>
      governViaTimelock(connection, { deployment, calls: [deregisterContractCall({ deployment, target, reason: "scenario" })], signers: [o1, o2] }),
    /** The deployer acts as guardian and sanctions operator in these scenarios. */
    block: (target: Address) => blockContract(connection, { deployment, actor: deployer, target, reason: "scenario" }),
    sanction: (account: Address) => setSanctioned(connection, { deployment, actor: deployer, accounts: [account], sanctioned: true, source: "scenario" }),
    revoke: async (holder: Address) => {
      const tokenId = credentialId({ holder, qualifierId: 1, classId: 1 });
      return revokeCredential(connection, { deployment, actor: qualifier, tokenId, reason: "scenario" });
    },
    /** The qualifier sets a new expiry (unix seconds) for the holder's credential. */
    renew: async (holder: Address, expiresAt: number) => {
      const tokenId = credentialId({ holder, qualifierId: 1, classId: 1 });
      return renewCredential(connection, { deployment, actor: qualifier, tokenId, expiresAt });
    },
    /** Deploys a contract with vetted code and registers it, as a DeFi developer would register a pool. */
    registeredContract: async (developer: Signer) => {
      const address = await deployVault(developer);
      await registerContract(connection, { deployment, actor: developer, target: address });
      return address;
    },
  };
}

/** The set-up market, Alice and Bob qualified, Alice minted 1,000 and paying Bob `transfers` times 10. */
export async function scriptedMarket(connection: Connection, transfers = 3) {
  const market = await setupMarket(connection);
  const [alice, bob, carol] = market.wallets;
  await market.qualify([alice.account.address, bob.account.address]);
  await market.mint(alice.account.address, 1_000n);
  for (let i = 0; i < transfers; i++) await market.pay(alice, bob.account.address, 10n);
  return { ...market, alice, bob, carol };
}

/** Every log of the watched contracts, straight from the node: what an index must match. */
export async function chainLogKeys(connection: Connection, addresses: Address[]) {
  const logs = await connection.publicClient.getLogs({ address: addresses, fromBlock: 0n, toBlock: "latest" });
  return logs.map((l) => `${Number(l.blockNumber)}:${l.logIndex}`).sort();
}
