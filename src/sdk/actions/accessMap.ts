import { getAddress, keccak256, parseAbi, parseAbiItem, toHex, type Address, type Hex } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import { jurisdictionText } from "../jurisdiction.js";
import type { Deployment } from "../deployment.js";
import { QualifiedError } from "../errors.js";

/** Who stands behind an address: a plain key, a Safe (owners and threshold), a timelock (delay) or other code. */
export type Holder = (
  | { address: Address; kind: "key" }
  | { address: Address; kind: "safe"; owners: Address[]; threshold: number }
  | { address: Address; kind: "timelock"; delaySeconds: bigint }
  | { address: Address; kind: "contract" }
) & { label?: string };

export interface RoleEntry {
  role: string;
  roleHash: Hex;
  holders: Holder[];
}

export interface ContractAccess {
  name: string;
  address: Address;
  roles: RoleEntry[];
}

/** One rule in a token's verifier chain, with the contracts it reads and what in it can never change. */
export interface VerifierNode {
  address: Address;
  kind: "all-of" | "credential" | "blocklist" | "allowlist" | "no-transfer" | "unknown";
  reads: Record<string, Address>;
  immutable: Record<string, string>;
  children?: VerifierNode[];
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

const ROLE_NAMES = [
  "MINTER_ROLE",
  "FREEZER_ROLE",
  "ENFORCER_ROLE",
  "PAUSER_ROLE",
  "GUARDIAN_ROLE",
  "SANCTIONS_ROLE",
  "BLOCKER_ROLE",
  "LISTER_ROLE",
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
];
const roleName = new Map<string, string>([
  ["0x0000000000000000000000000000000000000000000000000000000000000000", "DEFAULT_ADMIN_ROLE"],
  ...ROLE_NAMES.map((n) => [keccak256(toHex(n)), n] as [string, string]),
]);

const regulatorAdmitted = parseAbiItem("event RegulatorAdmitted(address indexed regulator, uint16 indexed jurisdiction, string name)");
const granted = parseAbiItem("event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)");
const revoked = parseAbiItem("event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)");
const probe = parseAbi([
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function getOwners() view returns (address[])",
  "function getThreshold() view returns (uint256)",
  "function getMinDelay() view returns (uint256)",
  "function verifier() view returns (address)",
  "function issuer() view returns (address)",
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function children() view returns (address[])",
  "function credentials() view returns (address)",
  "function contracts() view returns (address)",
  "function acceptedClasses() view returns (uint256)",
  "function vettedCodeOnly() view returns (bool)",
  "function oracle() view returns (address)",
  "function redemptionAddress() view returns (address)",
  "function isAllowed(address) view returns (bool)",
  "function isListed(address) view returns (bool)",
  "function regulatorOf(uint16 jurisdiction) view returns (address)",
  "function qualifierCount() view returns (uint16)",
  "function isQualifierActive(uint16 id) view returns (bool)",
]);

/** The seated regulator of every jurisdiction that ever had one: a role of the issuer registry kept outside AccessControl. */
async function regulatorsOf(connection: Connection, issuers: Address): Promise<RoleEntry[]> {
  const logs = await connection.publicClient.getLogs({ address: issuers, event: regulatorAdmitted, fromBlock: 0n, toBlock: "latest" });
  const jurisdictions = [...new Set(logs.map((l) => Number(l.args.jurisdiction)))].sort((a, b) => a - b);
  const entries: RoleEntry[] = [];
  for (const j of jurisdictions) {
    const seated = await tryRead<Address>(connection, issuers, "regulatorOf", [j]);
    const holders = seated && BigInt(seated) !== 0n ? [await describeHolder(connection, seated)] : [];
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
    entries.push({ role: `qualifier ${id} (${active ? "active" : "suspended"})`, roleHash: toHex(id, { size: 32 }), holders: [await describeHolder(connection, q.account)] });
  }
  return entries;
}

/** Reads a view function that may not exist; undefined when the contract does not answer it. */
async function tryRead<T>(connection: Connection, address: Address, functionName: string, args: readonly unknown[] = []): Promise<T | undefined> {
  try {
    return (await connection.publicClient.readContract({ address, abi: probe, functionName, args } as never)) as T;
  } catch {
    return undefined; // the contract has no such function: a probe, not a failure
  }
}

/** Classifies `address`: a key, a Safe with its owners and threshold, a timelock with its delay, or other code. */
export async function describeHolder(connection: Connection, address: Address): Promise<Holder> {
  const code = await connection.publicClient.getCode({ address });
  if (!code || code === "0x") return { address, kind: "key" };
  const owners = await tryRead<Address[]>(connection, address, "getOwners");
  const threshold = await tryRead<bigint>(connection, address, "getThreshold");
  if (owners && threshold !== undefined) return { address, kind: "safe", owners: [...owners], threshold: Number(threshold) };
  const delay = await tryRead<bigint>(connection, address, "getMinDelay");
  if (delay !== undefined) return { address, kind: "timelock", delaySeconds: delay };
  return { address, kind: "contract" };
}

/** Every role of an AccessControl contract and who holds it now, replayed from RoleGranted/RoleRevoked and confirmed by hasRole. */
export async function rolesOf(connection: Connection, address: Address): Promise<RoleEntry[]> {
  const [grants, revokes] = await Promise.all([
    connection.publicClient.getLogs({ address, event: granted, fromBlock: 0n, toBlock: "latest" }),
    connection.publicClient.getLogs({ address, event: revoked, fromBlock: 0n, toBlock: "latest" }),
  ]);
  const events = [...grants.map((l) => ({ l, on: true })), ...revokes.map((l) => ({ l, on: false }))].sort(
    (a, b) => Number(a.l.blockNumber! - b.l.blockNumber!) || a.l.logIndex! - b.l.logIndex!,
  );
  const held = new Map<Hex, Set<Address>>();
  for (const { l, on } of events) {
    const role = l.args.role!;
    const account = getAddress(l.args.account!);
    if (!held.has(role)) held.set(role, new Set());
    if (on) held.get(role)!.add(account);
    else held.get(role)!.delete(account);
  }
  const entries: RoleEntry[] = [];
  for (const [roleHash, accounts] of held) {
    const holders: Holder[] = [];
    for (const account of accounts) {
      if (await tryRead<boolean>(connection, address, "hasRole", [roleHash, account])) holders.push(await describeHolder(connection, account));
    }
    entries.push({ role: roleName.get(roleHash) ?? roleHash, roleHash, holders });
  }
  return entries.sort((a, b) => a.role.localeCompare(b.role));
}

/** A verifier and, for a composite, its children: what kind of rule it is, what it reads and what is fixed. */
export async function describeVerifier(connection: Connection, address: Address, depth = 0): Promise<VerifierNode> {
  const children = await tryRead<Address[]>(connection, address, "children");
  if (children && depth < 4) {
    return {
      address,
      kind: "all-of",
      reads: {},
      immutable: { children: `${children.length} rules, fixed at deployment` },
      children: await Promise.all(children.map((c) => describeVerifier(connection, c, depth + 1))),
    };
  }
  const mask = await tryRead<bigint>(connection, address, "acceptedClasses");
  if (mask !== undefined) {
    const credentials = (await tryRead<Address>(connection, address, "credentials"))!;
    const contracts = (await tryRead<Address>(connection, address, "contracts"))!;
    const vetted = await tryRead<boolean>(connection, address, "vettedCodeOnly");
    const classes = [...Array(256).keys()].filter((i) => (mask >> BigInt(i)) & 1n);
    return {
      address,
      kind: "credential",
      reads: { credentialRegistry: credentials, ...(BigInt(contracts) === 0n ? {} : { contractRegistry: contracts }) },
      immutable: {
        acceptedClasses: classes.join(","),
        contracts: BigInt(contracts) === 0n ? "none may hold the token" : vetted ? "vetted code only" : "any eligible registration",
        credentialRegistry: credentials,
      },
    };
  }
  const oracle = await tryRead<Address>(connection, address, "oracle");
  if (oracle !== undefined) return { address, kind: "blocklist", reads: BigInt(oracle) === 0n ? {} : { sanctionsOracle: oracle }, immutable: { oracle } };
  const redemption = await tryRead<Address>(connection, address, "redemptionAddress");
  if (redemption !== undefined) return { address, kind: "no-transfer", reads: {}, immutable: { redemptionAddress: redemption } };
  if ((await tryRead<boolean>(connection, address, "isAllowed", [address])) !== undefined) return { address, kind: "allowlist", reads: {}, immutable: {} };
  return { address, kind: "unknown", reads: {}, immutable: {} };
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
    const verifier = await describeVerifier(connection, verifierAddress);
    targets.push([`token ${symbol}`, address]);
    for (const v of flatten(verifier)) if (v.kind === "allowlist" || v.kind === "blocklist") targets.push([`${v.kind} verifier`, v.address]);
    token = {
      address,
      issuer: await describeHolder(connection, issuer),
      verifier,
      immutable: { name: name ?? "", symbol: symbol ?? "", decimals: String(decimals) },
      replaceable: ["verifier (DEFAULT_ADMIN_ROLE)", "disclosure (DEFAULT_ADMIN_ROLE)", "issuer (DEFAULT_ADMIN_ROLE)"],
    };
  }
  const contracts: ContractAccess[] = [];
  for (const [name, address] of targets) contracts.push({ name, address, roles: await rolesOf(connection, address) });
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
  for (const c of contracts) for (const r of c.roles) for (const h of r.holders) if (known.has(h.address.toLowerCase())) h.label = known.get(h.address.toLowerCase());
  if (token && known.has(token.issuer.address.toLowerCase())) token.issuer.label = known.get(token.issuer.address.toLowerCase());
  return { contracts, ...(token ? { token } : {}) };
}
