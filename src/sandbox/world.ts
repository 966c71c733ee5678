import { keccak256, parseUnits, toHex } from "viem";
import {
  QualifiedError,
  admitQualifierCall,
  admitRegulatorCall,
  appointGuardianCall,
  appointSanctionsOperatorCall,
  credentialRegistryAbi,
  deploySystem,
  deployToken,
  governViaTimelock,
  issueCredentials,
  listToken,
  mintCall,
  qualifyIssuer,
  send,
  type Connection,
  type Deployment,
  type Signer,
} from "../sdk/index.js";
import type { Sandbox } from "./file.js";

const PROFESSIONAL = 1;
const ENTITY = 2;
const HOLDERS = 3;
const DECIMALS = 18;
/** Accounts the sandbox gives a part: deployer, 3 governance owners, issuer, qualifier, regulator, guardian, sanctions operator, holders. */
export const SANDBOX_ACCOUNTS = 9 + HOLDERS;

export interface SandboxParameters {
  connection: Connection;
  /** The node's unlocked accounts, in its order; the sandbox gives each of the first ones a part. */
  signers: Signer[];
  rpc: string;
  onProgress?: (line: string) => void;
}

/**
 * A ready world on a fresh chain: the system deployed; governance (a 2-of-3 Safe behind its timelock)
 * admits a qualifier, seats a Swiss regulator and appoints a guardian and a sanctions operator; the
 * regulator qualifies an issuer, whose token (with the credential verifier) is listed, DeFi-ready; the
 * qualifier credentials a few holders and the issuer mints to them. Every part is held by one of the
 * node's unlocked accounts, so every command and the qualifier service can act at once.
 */
export async function deploySandbox(p: SandboxParameters): Promise<{ deployment: Deployment; sandbox: Sandbox }> {
  const say = p.onProgress ?? (() => {});
  const { connection, signers } = p;
  if (signers.length < SANDBOX_ACCOUNTS) {
    throw new QualifiedError(`the sandbox needs ${SANDBOX_ACCOUNTS} unlocked accounts and the node has ${signers.length}`);
  }
  const [deployer, g1, g2, g3, issuer, qualifier, regulator, guardian, sanctionsOperator, ...rest] = signers;
  const holders = rest.slice(0, HOLDERS);
  const a = (s: Signer) => s.account.address;

  const deployment = await deploySystem(connection, {
    deployer,
    governanceOwners: [g1, g2, g3].map(a),
    classes: { "professional investor": PROFESSIONAL, entity: ENTITY },
    onProgress: say,
  });
  say("governance admits a qualifier, seats a regulator for CH, appoints a guardian and a sanctions operator (through the timelock)");
  await governViaTimelock(connection, {
    deployment,
    calls: [
      admitQualifierCall({ deployment, account: a(qualifier), name: "Sandbox KYB", classes: [PROFESSIONAL, ENTITY] }),
      admitRegulatorCall({ deployment, account: a(regulator), jurisdiction: "CH", name: "Sandbox regulator" }),
      appointGuardianCall({ deployment, account: a(guardian) }),
      appointSanctionsOperatorCall({ deployment, account: a(sanctionsOperator) }),
    ],
    signers: [g1, g2],
    label: "sandbox federation",
  });
  const qualifierId = await connection.publicClient.readContract({
    address: deployment.registries.credentials,
    abi: credentialRegistryAbi,
    functionName: "qualifierIdOf",
    args: [a(qualifier)],
  });

  say("the regulator qualifies the issuer; the issuer deploys, discloses and lists a token");
  await qualifyIssuer(connection, { deployment, actor: regulator, issuer: a(issuer) });
  const token = await deployToken(connection, {
    deployer: issuer,
    deployment,
    token: {
      name: "Sandbox Bond 2030",
      symbol: "SB30",
      decimals: DECIMALS,
      issuer: a(issuer),
      acceptedClasses: [PROFESSIONAL, ENTITY],
      disclosure: {
        classification: "senior bond, 4% 2030 (sandbox)",
        jurisdiction: "CH",
        documentUri: "ipfs://sandbox-bond-2030-prospectus",
        documentHash: keccak256(toHex("Sandbox Bond 2030 prospectus")),
      },
    },
  });
  await listToken(connection, { deployment, actor: issuer, token: token.address });

  say(`the qualifier credentials ${holders.length} holders; the issuer mints 1,000 SB30 to each`);
  const expiresAt = Number((await connection.publicClient.getBlock()).timestamp) + 365 * 24 * 3600;
  await issueCredentials(connection, {
    deployment,
    actor: qualifier,
    requests: holders.map((h) => ({ holder: a(h), classId: PROFESSIONAL, jurisdiction: "CH", expiresAt })),
  });
  for (const h of holders)
    await send(connection, { actor: issuer, ...mintCall({ token: token.address, to: a(h), amount: parseUnits("1000", DECIMALS) }), what: "mint" });

  const sandbox: Sandbox = {
    rpc: p.rpc,
    chainId: connection.chain.id,
    token: { address: token.address, symbol: token.symbol, decimals: DECIMALS },
    accounts: {
      deployer: a(deployer),
      governanceOwners: [g1, g2, g3].map(a),
      issuer: a(issuer),
      qualifier: a(qualifier),
      qualifierId: Number(qualifierId),
      regulator: a(regulator),
      guardian: a(guardian),
      sanctionsOperator: a(sanctionsOperator),
      holders: holders.map(a),
    },
  };
  return { deployment, sandbox };
}
