import { getAddress, type Address } from "viem";
import {
  contractRegistryAbi,
  contractRegistration,
  credentialRegistryAbi,
  issuerRegistryAbi,
  jurisdictionText,
  tokenStatus,
  type Connection,
  type ContractRegistrationReturnType,
  type Deployment,
  type TokenStatusReturnType,
} from "../../sdk/index.js";

/** The system at a glance, read from the chain: who may qualify, regulate and issue, what is listed and registered. */
export interface Overview {
  chainId: number;
  block: bigint;
  qualifiers: { id: number; name: string; account: Address; active: boolean; classes: number[] }[];
  regulators: { jurisdiction: string; regulator: Address }[];
  issuers: { issuer: Address; jurisdiction: string; qualified: boolean }[];
  tokens: TokenStatusReturnType[];
  contracts: ({ target: Address } & ContractRegistrationReturnType)[];
}

/** Reads the overview from the registries' state and events (regulators, issuers, listings and registrations). */
export async function readOverview(connection: Connection, d: Deployment): Promise<Overview> {
  const client = connection.publicClient;
  const read = client.readContract;
  const block = await client.getBlockNumber();
  const range = { fromBlock: 0n, toBlock: block } as const;
  const issuers = { address: d.registries.issuers, abi: issuerRegistryAbi } as const;

  const count = Number(await read({ address: d.registries.credentials, abi: credentialRegistryAbi, functionName: "qualifierCount" }));
  const qualifiers = [];
  for (let id = 1; id <= count; id++) {
    const q = await read({ address: d.registries.credentials, abi: credentialRegistryAbi, functionName: "qualifier", args: [id] });
    const classes = [...Array(256).keys()].filter((c) => (q.classMask >> BigInt(c)) & 1n);
    qualifiers.push({ id, name: q.name, account: q.account, active: !q.suspended, classes });
  }

  const admitted = await client.getContractEvents({ ...issuers, eventName: "RegulatorAdmitted", ...range });
  const regulators = [];
  for (const j of [...new Set(admitted.map((e) => Number(e.args.jurisdiction)))].sort((a, b) => a - b)) {
    const seated = (await read({ ...issuers, functionName: "regulatorOf", args: [j] })) as Address;
    if (BigInt(seated) !== 0n) regulators.push({ jurisdiction: jurisdictionText(j), regulator: seated });
  }

  const qualified = await client.getContractEvents({ ...issuers, eventName: "IssuerQualified", ...range });
  const seen = new Map<string, { issuer: Address; code: number }>();
  for (const e of qualified) seen.set(`${e.args.issuer}:${e.args.jurisdiction}`, { issuer: getAddress(e.args.issuer!), code: Number(e.args.jurisdiction) });
  const issuerRows = await Promise.all(
    [...seen.values()].map(async ({ issuer, code }) => ({
      issuer,
      jurisdiction: jurisdictionText(code),
      qualified: (await read({ ...issuers, functionName: "isQualifiedIssuer", args: [issuer, code] })) as boolean,
    })),
  );

  const listed = await client.getContractEvents({ ...issuers, eventName: "TokenListed", ...range });
  const tokenAddresses = [...new Set([...d.tokens.map((t) => getAddress(t.address)), ...listed.map((e) => getAddress(e.args.token!))])];
  const tokens = await Promise.all(tokenAddresses.map((t) => tokenStatus(connection, { deployment: d, token: t })));

  const registered = await client.getContractEvents({ address: d.registries.contracts, abi: contractRegistryAbi, eventName: "ContractRegistered", ...range });
  const targets = [...new Set(registered.map((e) => getAddress((e.args as { target: Address }).target)))];
  const contracts = await Promise.all(targets.map(async (target) => ({ target, ...(await contractRegistration(connection, { deployment: d, target })) })));

  return { chainId: connection.chain.id, block, qualifiers, regulators, issuers: issuerRows, tokens, contracts };
}
