import type { Address } from "viem";
import { credentialRegistryAbi, type Connection, type Deployment } from "../../sdk/index.js";

/** A wallet flagged on chain now, and the source named by the flag that stands. */
export interface StandingFlag {
  account: Address;
  source: string;
}

/** Flags whose source names an OFAC publication, as `sync` writes them: "OFAC SDN 2024-05-03 (SDN.CSV)". */
export const OFAC_SOURCE = /^OFAC SDN (\d{4}-\d{2}-\d{2})\b/;

/** The source a sync writes for a publication. */
export function ofacSource(publishedAt: string, format: string): string {
  return `OFAC SDN ${publishedAt} (${format})`;
}

/** Every wallet flagged now, replaying the credential registry's SanctionsUpdated events in order: the last one for a wallet stands. */
export async function standingFlags(connection: Connection, deployment: Deployment, fromBlock: bigint): Promise<StandingFlag[]> {
  const events = await connection.publicClient.getContractEvents({
    address: deployment.registries.credentials,
    abi: credentialRegistryAbi,
    eventName: "SanctionsUpdated",
    fromBlock,
    toBlock: "latest",
  });
  const last = new Map<Address, { sanctioned: boolean; source: string }>();
  for (const e of events) {
    const { account, sanctioned, source } = e.args as { account: Address; sanctioned: boolean; source: string };
    last.set(account, { sanctioned, source });
  }
  return [...last].filter(([, f]) => f.sanctioned).map(([account, f]) => ({ account, source: f.source }));
}

/** The newest OFAC publication date named by any SanctionsUpdated flag standing now, if any. */
export function newestOfacDate(flags: StandingFlag[]): string | undefined {
  return flags
    .map((f) => OFAC_SOURCE.exec(f.source)?.[1])
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
}
