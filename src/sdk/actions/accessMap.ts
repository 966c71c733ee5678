import { parseAbiItem, toHex, type Address } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";
import { QualifiedError } from "../errors.js";
import { jurisdictionText } from "../jurisdiction.js";
import { describeHolder, type Holder } from "./describeHolder.js";
import { describeVerifier, type VerifierNode } from "./describeVerifier.js";
import { tryRead } from "./probe.js";
import { rolesOf, type RoleEntry } from "./rolesOf.js";

export interface ContractAccess {
  name: string;
  address: Address;
  roles: RoleEntry[];
}

export interface AccessMapParameters {
  deployment: Deployment;
  /** A token to inspect besides the registries and the timelock. */
  token?: Address;
}

export interface AccessMapReturnType {
  contracts: ContractAccess[];
  token?: {
    address: Address;
    issuer: Holder;
    verifier: VerifierNode;
    immutable: Record<string, string>;
    replaceable: string[];
  };
}

const regulatorAdmitted = parseAbiItem("event RegulatorAdmitted(address indexed regulator, uint16 indexed jurisdiction, string name)");

/** The seated regulator of every jurisdiction that ever had one: a role of the issuer registry kept outside AccessControl. */
async function regulatorsOf(connection: Connection, issuers: Address): Promise<RoleEntry[]> {
  const logs = await connection.publicClient.getLogs({ address: issuers, event: regulatorAdmitted, fromBlock: 0n, toBlock: "latest" });
  const jurisdictions = [...new Set(logs.map((l) => Number(l.args.jurisdiction)))].sort((a, b) => a - b);
  const entries: RoleEntry[] = [];
  for (const j of jurisdictions) {
    const seated = await tryRead<Address>(connection, issuers, "regulatorOf", [j]);
    const holders = seated && BigInt(seated) !== 0n ? [await describeHolder(connection, { address: seated })] : [];
    entries.push({ role: `regulator (${jurisdictionText(j)})`, roleHash: toHex(j, { size: 32 }), holders });
  }
  return entries;
}

/** Every admitted qualifier of the credential registry, active or suspended, with the account that issues for it. */
async function qualifiersOf(connection: Connection, credentials: Address): Promise<RoleEntry[]> {
  const count = Number((await tryRead<number>(connection, credentials, "qualifierCount")) ?? 0);
  const entries: RoleEntry[] = [];
  for (let id = 1; id <= count; id++) {
    const q = await connection.publicClient.readContract({ address: credentials, abi: credentialRegistryAbi, functionName: "qualifier", args: [id] });
    const active = await tryRead<boolean>(connection, credentials, "isQualifierActive", [id]);
    entries.push({
      role: `qualifier ${id} (${active ? "active" : "suspended"})`,
      roleHash: toHex(id, { size: 32 }),
      holders: [await describeHolder(connection, { address: q.account })],
    });
  }
  return entries;
}

function flatten(node: VerifierNode): VerifierNode[] {
  return [node, ...(node.children ?? []).flatMap(flatten)];
}

/**
 * Who can do what, read from the chain: every role of the registries, the timelock, a token and its
 * list-keeping verifiers, with the Safe or timelock behind each holder; a token's verifier chain.
 * @example
 * const map = await accessMap(connection, { deployment, token });
 * for (const c of map.contracts) for (const r of c.roles) console.log(c.name, r.role, r.holders.length);
 */
export async function accessMap(connection: Connection, parameters: AccessMapParameters): Promise<AccessMapReturnType> {
  const d = parameters.deployment;
  const targets: Array<[string, Address]> = [
    ["credential registry", d.registries.credentials],
    ["contract registry", d.registries.contracts],
    ["issuer registry", d.registries.issuers],
    ["governance timelock", d.governance.timelock],
  ];
  let token: AccessMapReturnType["token"];
  if (parameters.token) {
    const address = parameters.token;
    const [verifierAddress, issuer, name, symbol, decimals] = await Promise.all([
      tryRead<Address>(connection, address, "verifier"),
      tryRead<Address>(connection, address, "issuer"),
      tryRead<string>(connection, address, "name"),
      tryRead<string>(connection, address, "symbol"),
      tryRead<number>(connection, address, "decimals"),
    ]);
    if (!verifierAddress || !issuer) throw new QualifiedError(`${address} is not a Qualified security token`);
    const verifier = await describeVerifier(connection, { address: verifierAddress });
    targets.push([`token ${symbol}`, address]);
    for (const v of flatten(verifier)) if (v.kind === "allowlist" || v.kind === "blocklist") targets.push([`${v.kind} verifier`, v.address]);
    token = {
      address,
      issuer: await describeHolder(connection, { address: issuer }),
      verifier,
      immutable: { name: name ?? "", symbol: symbol ?? "", decimals: String(decimals) },
      replaceable: ["verifier (DEFAULT_ADMIN_ROLE)", "disclosure (DEFAULT_ADMIN_ROLE)", "issuer (DEFAULT_ADMIN_ROLE)"],
    };
  }
  const contracts: ContractAccess[] = [];
  for (const [name, address] of targets) contracts.push({ name, address, roles: await rolesOf(connection, { address }) });
  contracts[0].roles.push(...(await qualifiersOf(connection, d.registries.credentials)));
  contracts[2].roles.push(...(await regulatorsOf(connection, d.registries.issuers)));
  // Name the holders that are parts of the deployment.
  const known = new Map<string, string>([
    [d.governance.safe.toLowerCase(), "governance Safe"],
    [d.governance.timelock.toLowerCase(), "governance timelock"],
    [d.registries.credentials.toLowerCase(), "credential registry"],
    [d.registries.contracts.toLowerCase(), "contract registry"],
    [d.registries.issuers.toLowerCase(), "issuer registry"],
  ]);
  for (const c of contracts)
    for (const r of c.roles) for (const h of r.holders) if (known.has(h.address.toLowerCase())) h.label = known.get(h.address.toLowerCase());
  if (token && known.has(token.issuer.address.toLowerCase())) token.issuer.label = known.get(token.issuer.address.toLowerCase());
  return { contracts, ...(token ? { token } : {}) };
}
