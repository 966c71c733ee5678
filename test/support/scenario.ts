import { encodeFunctionData, erc20Abi, keccak256, toHex, type Address } from "viem";
import {
  admitQualifierCall,
  admitRegulatorCall,
  deploySystem,
  deployToken,
  governViaTimelock,
  issueCredentials,
  listToken,
  mintCall,
  qualifyIssuer,
  send,
  unlockedAccounts,
  type Connection,
  type Deployment,
  type Signer,
} from "../../src/sdk/index.js";

/**
 * A scripted market on `connection`: governance (Safe + timelock) admits a qualifier and a regulator, an issuer
 * deploys and lists a bond (listed on chain only: `deployment.tokens` stays empty, so a monitor must discover
 * it), Alice and Bob are qualified, Alice gets 1,000 and sends Bob `transfers` payments of 10.
 */
export async function scriptedMarket(connection: Connection, transfers = 3) {
  const s: Signer[] = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
  const [deployer, o1, o2, o3, issuer, qualifier, regulator, alice, bob, carol] = s;
  const deployment: Deployment = await deploySystem(connection, deployer, {
    governanceOwners: [o1, o2, o3].map((x) => x.account.address),
    timelockDelay: 60,
  });
  await governViaTimelock(
    connection,
    deployment,
    [
      admitQualifierCall(deployment, { account: qualifier.account.address, name: "Alpha", classes: [1] }),
      admitRegulatorCall(deployment, { account: regulator.account.address, jurisdiction: "CH", name: "Swiss regulator" }),
    ],
    [o1, o2],
  );
  await qualifyIssuer(connection, deployment, regulator, { issuer: issuer.account.address });
  const token = await deployToken(connection, issuer, deployment, {
    name: "Bond",
    symbol: "BND",
    issuer: issuer.account.address,
    acceptedClasses: [1],
    disclosure: { classification: "bond", jurisdiction: "CH", documentUri: "", documentHash: keccak256(toHex("doc")) },
  });
  deployment.tokens = []; // the monitor has to find it through TokenListed
  await listToken(connection, deployment, issuer, { token: token.address });
  const expiresAt = Number((await connection.publicClient.getBlock()).timestamp) + 365 * 86_400;
  await issueCredentials(connection, deployment, qualifier, [
    { holder: alice.account.address, classId: 1, jurisdiction: "CH", expiresAt },
    { holder: bob.account.address, classId: 1, jurisdiction: "CH", expiresAt },
  ]);
  await send(connection, issuer, mintCall(token.address, { to: alice.account.address, amount: 1_000n }), "mint");
  const pay = (from: Signer, to: Address, amount: bigint) =>
    send(connection, from, { to: token.address, data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }) }, "transfer");
  for (let i = 0; i < transfers; i++) await pay(alice, bob.account.address, 10n);
  return { deployment, token: token.address, deployer, issuer, qualifier, alice, bob, carol, pay };
}

/** Every log of the watched contracts, straight from the node: what an index must match. */
export async function chainLogKeys(connection: Connection, addresses: Address[]) {
  const logs = await connection.publicClient.getLogs({ address: addresses, fromBlock: 0n, toBlock: "latest" });
  return logs.map((l) => `${Number(l.blockNumber)}:${l.logIndex}`).sort();
}
