import { zeroAddress, type Address, type Hex } from "viem";
import { isMovement, type AssetEvent, type AssetToken } from "./asset-types.js";
import { receivedTransfer, sentTransfer } from "./causal-order.js";

export interface ChainSupply {
  chainId: number;
  token: Address;
  /** The token's supply on this chain (its mints less its burns, bridge legs included). */
  supply: bigint;
  /** Arrivals kept in escrow by the bridge on this chain. */
  escrowed: bigint;
  /** Sent towards this chain, not yet received or escrowed here. */
  inFlightIn: bigint;
}

export interface AssetSupply {
  chains: ChainSupply[];
  inFlight: bigint;
  escrowed: bigint;
  /** Every chain's supply + escrowed + in flight: bridging leaves it unchanged. */
  total: bigint;
}

/** The supply of an asset across chains, from its history in causal order (see `mergeInCausalOrder`). */
export function supplyAcrossChains(events: AssetEvent[], tokens: AssetToken[]): AssetSupply {
  const chains = new Map<number, ChainSupply>();
  for (const t of tokens) chains.set(t.chainId, { chainId: t.chainId, token: t.token, supply: 0n, escrowed: 0n, inFlightIn: 0n });
  const chain = (id: number) => {
    let c = chains.get(id);
    if (!c) {
      c = { chainId: id, token: zeroAddress, supply: 0n, escrowed: 0n, inFlightIn: 0n };
      chains.set(id, c);
    }
    return c;
  };
  const inFlight = new Map<Hex, { amount: bigint; to: number }>();
  const escrows = new Map<Hex, { amount: bigint; chainId: number }>();
  for (const e of events) {
    if (isMovement(e)) {
      if (e.from === zeroAddress) chain(e.chainId).supply += e.amount;
      if (e.to === zeroAddress) chain(e.chainId).supply -= e.amount;
    }
    const received = receivedTransfer(e);
    if (received) inFlight.delete(received);
    const sent = sentTransfer(e);
    if (sent) inFlight.set(sent, { amount: e.amount, to: isMovement(e) ? e.bridge!.peerChainId : e.peerChainId });
    if (!isMovement(e) && e.kind === "escrowed") escrows.set(e.transferId, { amount: e.amount, chainId: e.chainId });
    if ((isMovement(e) && e.bridge?.step === "released") || (!isMovement(e) && e.kind === "returned")) {
      escrows.delete(isMovement(e) ? e.bridge!.transferId : e.transferId);
    }
  }
  for (const f of inFlight.values()) chain(f.to).inFlightIn += f.amount;
  for (const x of escrows.values()) chain(x.chainId).escrowed += x.amount;
  const list = [...chains.values()].sort((a, b) => a.chainId - b.chainId);
  const sum = (f: (c: ChainSupply) => bigint) => list.reduce((s, c) => s + f(c), 0n);
  const inFlightTotal = sum((c) => c.inFlightIn);
  const escrowed = sum((c) => c.escrowed);
  return { chains: list, inFlight: inFlightTotal, escrowed, total: sum((c) => c.supply) + inFlightTotal + escrowed };
}
