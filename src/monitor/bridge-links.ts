import type { Kysely } from "kysely";
import type { CrossChainDeployment } from "../crosschain/deployment-file.js";
import type { MonitorSchema } from "./schema.js";

/** The `bridge_links` rows of a cross-chain deployment: one per direction, so each side finds its peer. */
export function bridgeLinks(file: CrossChainDeployment): MonitorSchema["bridge_links"][] {
  const { home, l2 } = file;
  return [
    { chain_id: home.chainId, bridge: home.bridge, token: home.token, peer_chain_id: l2.chainId, peer_bridge: l2.bridge, peer_token: l2.token },
    { chain_id: l2.chainId, bridge: l2.bridge, token: l2.token, peer_chain_id: home.chainId, peer_bridge: home.bridge, peer_token: home.token },
  ];
}

/** Records (or updates) the links of a cross-chain deployment's bridges. */
export async function recordBridgeLinks(db: Kysely<MonitorSchema>, file: CrossChainDeployment): Promise<void> {
  for (const link of bridgeLinks(file)) {
    const { chain_id: _, bridge: __, ...peer } = link;
    await db
      .insertInto("bridge_links")
      .values(link)
      .onConflict((oc) => oc.columns(["chain_id", "bridge"]).doUpdateSet(peer))
      .execute();
  }
}
