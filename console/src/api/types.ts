// What the console's back ends answer, as JSON (amounts and bigints are decimal strings).

export interface ConsoleConfig {
  monitor: boolean;
  qualifier: boolean;
  chain: { chainId: number; tokens: { address: string; symbol: string; decimals: number }[] } | null;
  stress: boolean;
}

export type Severity = "info" | "low" | "medium" | "high" | "critical";

export interface Alert {
  id: string;
  rule: string;
  severity: Severity;
  block_number: number;
  log_index: number;
  subject: string;
  message: string;
  details: Record<string, unknown>;
  created_at: string;
  acknowledged: { by: string; at: string; note: string | null } | null;
}

export type Category = "mint/burn" | "defi" | "exchange" | "custodian" | "bridge" | "individual";

export interface TokenAnalytics {
  token: string;
  concentration: { holders: number; supply: string; topShare: Record<string, number>; hhi: number; nakamoto: number };
  flows: { category: Category; inflow: string; outflow: string; net: string }[];
  holders: { day: string; holders: number }[];
  activeWallets: { day: string; active: number }[];
  supply: { day: string; supply: string }[];
  flowsOverTime: { period: string; net: Partial<Record<Category, string>> }[];
  balances: { holder: string; balance: string }[];
  /** The asset's token on each chain its bridges join (one chain for a token never bridged). */
  chains?: { chainId: number; token: string }[];
  supplyAcrossChains?: {
    chains: { chainId: number; token: string; supply: string; escrowed: string; inFlightIn: string }[];
    inFlight: string;
    escrowed: string;
    total: string;
  };
  balancesByChain?: { chainId: number; holder: string; balance: string }[];
}

export interface TraceNode {
  chainId?: number;
  address: string;
  /** A bridge's escrow, not a wallet. */
  escrow?: true;
  hops: number;
  taintedReceived: string;
  taintedSent: string;
  recoverable: string;
  qualifiers: string[];
  registeredContract: boolean;
}

export interface Trace {
  rule: string;
  source: { txHash: string; from: string; to: string; amount: string };
  nodes: TraceNode[];
  edges: {
    chainId?: number;
    from: string;
    to: string;
    amount: string;
    tainted: string;
    txHash: string;
    blockNumber: number;
    bridge?: { transferId: string; step: "received" | "escrowed" | "released"; fromChainId: number; sentTxHash: string; fromEscrow?: true };
  }[];
  recoverableTotal: string;
  chains?: { chainId: number; token: string }[];
  inFlight?: { transferId: string; fromChainId: number; toChainId: number; from: string; to: string; amount: string; tainted: string }[];
  inFlightTotal?: string;
}

export interface TokenStatus {
  address: string;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: string;
  paused: boolean;
  issuer: string;
  defiReady: boolean;
  jurisdictions: string[];
}

export interface Overview {
  chainId: number;
  block: string;
  qualifiers: { id: number; name: string; account: string; active: boolean; classes: number[] }[];
  regulators: { jurisdiction: string; regulator: string }[];
  issuers: { issuer: string; jurisdiction: string; qualified: boolean }[];
  tokens: TokenStatus[];
  contracts: { target: string; registrant: string; windowEndsAt: number; vetted: boolean; status: string; registrantKind: string }[];
}

export type Holder = {
  address: string;
  kind: "key" | "safe" | "timelock" | "contract";
  owners?: string[];
  threshold?: number;
  delaySeconds?: string;
  label?: string;
};

export interface AccessMap {
  contracts: { name: string; address: string; roles: { role: string; holders: Holder[] }[] }[];
  token?: { address: string; issuer: Holder; verifier: VerifierNode; immutable: Record<string, string>; replaceable: string[] };
}

export interface VerifierNode {
  address: string;
  kind: string;
  reads: Record<string, string>;
  immutable: Record<string, string>;
  children?: VerifierNode[];
}

export interface TransferCheck {
  allowed: boolean;
  code: number;
  message: string;
}

export interface Desk {
  applications: { id: string; status: string; country: string; classId: number; wallets: string[]; createdAt: string }[];
  disclosures: { id: string; wallet: string; approvals: number; needed: number; createdAt: string }[];
}

export interface Hold {
  id: string;
  hold: string;
  openedAt: string;
  hits: { kind: string; wallet?: string; party?: string; matchedName?: string; listUid?: string; score?: number; factors?: string[] }[];
  clearances: number;
}

export interface Application {
  id: string;
  status: string;
  country: string;
  classId: number;
  profile: { legalName: string; lei: string; owners: unknown[] } | null;
  wallets: { address: string; credentialId: string | null }[];
}

export interface StressReport {
  version: 1;
  scenario: string;
  generatedAt: string;
  totalShortfall: string;
  replay?: {
    rounds: {
      round: number;
      prices: Record<string, string>;
      liquidations: { market: string; repaid: string }[];
      stranded: { market: string; reason: string; collateral: string }[];
      defaults: string[];
    }[];
    badDebt: Record<string, string>;
    lossesByCategory: Record<string, string>;
  };
  network?: { model: string; defaults: string[]; shortfall: number }[];
}
