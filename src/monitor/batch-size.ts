/**
 * How many blocks to ask eth_getLogs for, sized by what the node returns rather than a fixed block count: it grows
 * while responses are small, aims at `targetLogs` logs per response from the density just seen, and shrinks when
 * a request fails (a response-size cap, a block-range limit, a timeout): to a quarter of the failed size, aiming at
 * half as many logs from then on (the node's cap is below the target). A size that failed is not tried again.
 */
export class BatchSizer {
  private span: number;
  private ceiling: number;

  /**
   * @param maxBlocks the most blocks one request may cover
   * @param targetLogs the logs one response should hold (well under viem's 10 MiB response cap: about 600 bytes a log)
   * @param initialBlocks the first request's size
   */
  constructor(
    maxBlocks: number,
    private targetLogs = 2_500,
    initialBlocks = 4,
  ) {
    if (!Number.isInteger(maxBlocks) || maxBlocks < 1) throw new Error(`the largest batch must be a whole number of blocks >= 1, not ${maxBlocks}`);
    this.ceiling = maxBlocks;
    this.span = Math.min(initialBlocks, maxBlocks);
  }

  /** Blocks for the next request. */
  get blocks(): number {
    return this.span;
  }

  /**
   * A request over `blocks` blocks returned `logs` logs, `busiest` of them in its busiest block. The density aimed
   * at is that of the busiest block when it exceeds the average, so that a dense stretch after sparse blocks is not
   * read as sparse (the next range may be all dense).
   */
  succeeded(blocks: number, logs: number, busiest = 0): void {
    // Grow at most twofold a step: one sparse range says little about the next.
    const perBlock = Math.max(logs / blocks, busiest);
    const ideal = logs === 0 ? blocks * 2 : Math.floor(this.targetLogs / perBlock);
    this.span = clamp(Math.min(ideal, blocks * 2), 1, this.ceiling);
  }

  /** A request over `blocks` blocks failed: the next one is a quarter as large, and `blocks` is never asked again. */
  failed(blocks: number): void {
    this.ceiling = Math.max(1, Math.min(this.ceiling, blocks - 1));
    this.span = clamp(Math.floor(blocks / 4), 1, this.ceiling);
    this.targetLogs = Math.max(1, Math.floor(this.targetLogs / 2));
  }
}

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));
