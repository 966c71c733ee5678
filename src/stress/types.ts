// The stress-test report: what both engines (replay on a fork, network contagion) produce and the
// JSON/HTML renderers consume. Amounts are decimal strings in token units (never floats of wei), so
// the JSON is exact and readable; model outputs on abstract networks are plain numbers.

/** One liquidation executed during a replay round. */
export interface ReplayLiquidation {
  market: string; // Morpho market id (bytes32 hex)
  borrower: string;
  liquidator: string;
  repaid: string; // loan token units
  seized: string; // collateral token units
  /** What selling the seized collateral through the pools returned (loan token units). */
  proceeds: string;
}

/** A position that should be liquidated but was not, and why. */
export interface ReplayStranded {
  market: string;
  borrower: string;
  reason: "no-qualified-liquidator" | "no-capital" | "collateral-frozen" | "no-liquidity" | "oracle-unavailable";
  collateral: string;
}

export interface ReplayRound {
  round: number;
  /** Oracle prices at the start of the round, per collateral token symbol (loan token per collateral token). */
  prices: Record<string, string>;
  liquidations: ReplayLiquidation[];
  stranded: ReplayStranded[];
  /** Borrowers whose debt exceeded their collateral when the round ended (they default). */
  defaults: string[];
}

export interface ReplayResult {
  scenario: string;
  chainId: number;
  forkBlock: string;
  rounds: ReplayRound[];
  /** Bad debt realised or left per market id. */
  badDebt: Record<string, string>;
  /** Losses by holder category (qualifier class or contract kind), loan token units. */
  lossesByCategory: Record<string, string>;
  liquidationCapacity: {
    /** Loan tokens the qualified liquidators hold and can spend. */
    available: string;
    /** Debt that had to be repaid to clear every unhealthy position. */
    needed: string;
    qualifiedLiquidators: number;
    unqualifiedLiquidatorsRefused: number;
  };
  ms: number;
}

/** Result of a network model on an exposure network (Eisenberg-Noe, Rogers-Veraart, DebtRank). */
export interface NetworkResult {
  model: "eisenberg-noe" | "debtrank" | "debtrank-linear";
  /** Eisenberg-Noe: total payment per node (the clearing vector). */
  payments?: Record<string, number>;
  /** DebtRank: distress h_i in [0, 1] per node at the end. */
  distress?: Record<string, number>;
  defaults: string[];
  /** Nodes that default in each round of the algorithm. */
  rounds: string[][];
  shortfall: number;
  equity?: Record<string, number>;
  /** Nodes ranked by systemic importance, most important first. */
  ranking: { id: string; score: number }[];
  /** Aggregate loss (DebtRank's R, or total shortfall over total liabilities). */
  systemicLoss?: number;
}

/** The report `qualified stress` writes as JSON and renders as a self-contained HTML page. */
export interface StressReport {
  version: 1;
  scenario: string;
  generatedAt: string;
  replay?: ReplayResult;
  network?: NetworkResult[];
  /** Total shortfall across engines, loan token units for replay and model units for networks. */
  totalShortfall: string;
}
