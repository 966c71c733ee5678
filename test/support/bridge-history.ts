import { getAddress, pad, toHex, zeroAddress, type Address, type Hash, type Hex } from "viem";
import type { BridgeEvent, BridgeLink } from "../../src/analytics/asset-types.js";
import type { ChainRecord } from "../../src/analytics/asset-history.js";
import type { Movement } from "../../src/analytics/types.js";
import type { MonitorSchema } from "../../src/monitor/schema.js";

export const addr = (n: number) => pad(toHex(n), { size: 20 }) as Address;
export const id = (n: number) => pad(toHex(n), { size: 32 }) as Hex;

/**
 * A hand-written history of one token and its bridge on one chain, written the way BondBridge moves tokens: a send
 * burns from the sender and emits BridgeSent in the same transaction; an arrival mints with BridgeReceived, or
 * mints nothing and emits Escrowed; a release emits EscrowReleased and mints; a return mints and burns nothing.
 */
export class ChainHistory implements ChainRecord {
  movements: Movement[] = [];
  bridgeEvents: BridgeEvent[] = [];
  private block = 0;

  constructor(
    readonly chainId: number,
    readonly token: Address,
    readonly bridge: Address,
  ) {}

  private tx(timestamp: number) {
    const blockNumber = ++this.block;
    const txHash = pad(toHex(this.chainId * 1_000_000 + blockNumber), { size: 32 }) as Hash;
    let logIndex = 0;
    const at = () => ({ chainId: this.chainId, blockNumber, logIndex: logIndex++, txHash, timestamp });
    const move = (from: Address, to: Address, amount: bigint) =>
      this.movements.push({
        ...at(),
        token: this.token,
        from,
        to,
        amount,
        kind: from === zeroAddress ? "mint" : to === zeroAddress ? "burn" : "transfer",
      });
    const event = (e: Omit<BridgeEvent, "chainId" | "blockNumber" | "logIndex" | "txHash" | "timestamp" | "bridge">) =>
      this.bridgeEvents.push({ ...at(), bridge: this.bridge, ...e });
    return { txHash, move, event };
  }

  mint(to: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.move(zeroAddress, to, amount);
    return t.txHash;
  }
  pay(from: Address, to: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.move(from, to, amount);
    return t.txHash;
  }
  burn(from: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.move(from, zeroAddress, amount);
    return t.txHash;
  }
  send(transferId: Hex, from: Address, to: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.move(from, zeroAddress, amount);
    t.event({ name: "BridgeSent", transferId, from, to, amount });
    return t.txHash;
  }
  receive(transferId: Hex, from: Address, to: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.move(zeroAddress, to, amount);
    t.event({ name: "BridgeReceived", transferId, from, to, amount });
    return t.txHash;
  }
  escrow(transferId: Hex, from: Address, to: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.event({ name: "Escrowed", transferId, from, to, amount });
    return t.txHash;
  }
  release(transferId: Hex, to: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.event({ name: "EscrowReleased", transferId, to, amount });
    t.move(zeroAddress, to, amount);
    return t.txHash;
  }
  /** The issuer returns an escrow (recipient `refused`, sender `sender` on the peer chain) as transfer `returnId`. */
  returnToSender(transferId: Hex, returnId: Hex, refused: Address, sender: Address, amount: bigint, timestamp: number) {
    const t = this.tx(timestamp);
    t.event({ name: "EscrowReturned", transferId, returnId, to: sender, amount });
    t.event({ name: "BridgeSent", transferId: returnId, from: refused, to: sender, amount });
    return t.txHash;
  }
}

/** The two links (both directions) of a bridge between `a` and `b`. */
export function linksOf(a: ChainHistory, b: ChainHistory): BridgeLink[] {
  return [
    { chainId: a.chainId, bridge: a.bridge, token: a.token, peerChainId: b.chainId, peerBridge: b.bridge, peerToken: b.token },
    { chainId: b.chainId, bridge: b.bridge, token: b.token, peerChainId: a.chainId, peerBridge: a.bridge, peerToken: a.token },
  ];
}

export const HOME = 31337;
export const L2 = 31338;

/**
 * The scenario of the cross-chain unit tests. The L2's clock runs about 500 seconds behind home's, so every
 * arrival on the L2 carries an earlier timestamp than its send. Hand-computed proportional taint of the theft
 * V -> T 400 (T also holds 100 clean):
 *   T bridges 300 to B: 300 * 400/500 = 240 tainted cross; T keeps 160.
 *   On the L2, B (200 clean + 300) pays C 250: 250 * 240/500 = 120; B keeps 120.
 *   C bridges 100 to D on home, refused there: 100 * 120/250 = 48 land in the home bridge's escrow; the issuer
 *   releases them to E. C keeps 72.
 *   B bridges 100 to F on home, refused: 100 * 120/250 = 48 in escrow; returned to B (transfer r3): B has 120 again.
 *   C bridges 50 to A, not relayed yet: 50 * 72/150 = 24 in flight; C keeps 48.
 *   T redeems (burns) 100 on home: 100 * 160/200 = 80 destroyed; T keeps 80.
 * 80 (T) + 120 (B) + 48 (C) + 48 (E) + 24 in flight + 80 burnt = 400.
 */
export function bridgedScenario(homeChainId = HOME, l2ChainId = L2) {
  const home = new ChainHistory(homeChainId, addr(0x70), addr(0x7b));
  const l2 = new ChainHistory(l2ChainId, addr(0x80), addr(0x8b));
  const [V, T, A, D, E] = [0xa1, 0xa2, 0xa3, 0xa4, 0xa5].map(addr);
  const [B, C, F] = [0xb1, 0xb2, 0xb6].map(addr);
  const [t0, t1, t2, t3, r3, t4] = [1, 2, 3, 4, 5, 6].map(id);
  home.mint(V, 1000n, 1000);
  home.mint(T, 100n, 1001);
  home.mint(A, 500n, 1002);
  home.mint(B, 10n, 1002);
  const bridgingStarts = home.send(t0, A, B, 200n, 1003);
  l2.receive(t0, A, B, 200n, 500);
  const theft = home.pay(V, T, 400n, 1010);
  home.send(t1, T, B, 300n, 1011);
  l2.receive(t1, T, B, 300n, 510);
  const onL2 = l2.pay(B, C, 250n, 520);
  l2.send(t2, C, D, 100n, 530);
  l2.send(t3, B, F, 100n, 540);
  home.escrow(t2, C, D, 100n, 1040);
  home.release(t2, E, 100n, 1050);
  home.escrow(t3, B, F, 100n, 1060);
  home.returnToSender(t3, r3, F, B, 100n, 1070);
  l2.receive(r3, F, B, 100n, 560);
  l2.send(t4, C, A, 50n, 570);
  home.burn(T, 100n, 1080);
  return {
    home,
    l2,
    links: linksOf(home, l2),
    wallets: { V, T, A, D, E, B, C, F },
    transfers: { t0, t1, t2, t3, r3, t4 },
    txs: { theft, onL2, bridgingStarts },
  };
}

/** A chain's history as the monitor's rows: its transfers and its bridge's events (block hashes made up). */
export function monitorRows(chain: ChainHistory): { transfers: MonitorSchema["transfers"][]; events: MonitorSchema["events"][] } {
  return {
    transfers: chain.movements.map((m) => ({
      chain_id: m.chainId,
      block_number: m.blockNumber,
      log_index: m.logIndex,
      token: getAddress(m.token),
      from_address: getAddress(m.from),
      to_address: getAddress(m.to),
      amount: String(m.amount),
      kind: m.kind,
      tx_hash: m.txHash,
      timestamp: m.timestamp,
    })),
    events: chain.bridgeEvents.map(({ chainId, bridge, name, blockNumber, logIndex, txHash, timestamp, amount, ...args }) => ({
      chain_id: chainId,
      block_number: blockNumber,
      log_index: logIndex,
      block_hash: pad(toHex(blockNumber), { size: 32 }),
      tx_hash: txHash,
      address: getAddress(bridge),
      kind: "bridge",
      name,
      args: JSON.stringify({
        ...args,
        ...(args.from ? { from: getAddress(args.from) } : {}),
        to: getAddress(args.to),
        amount: String(amount),
      }),
      timestamp,
    })),
  };
}

/** The `bridge_links` rows of two chains' bridges. */
export const linkRows = (a: ChainHistory, b: ChainHistory): MonitorSchema["bridge_links"][] =>
  linksOf(a, b).map((l) => ({
    chain_id: l.chainId,
    bridge: getAddress(l.bridge),
    token: getAddress(l.token),
    peer_chain_id: l.peerChainId,
    peer_bridge: getAddress(l.peerBridge),
    peer_token: getAddress(l.peerToken),
  }));
