import { onchainTable } from "ponder";

/** One row per Transfer, the columns of the monitor's `transfers` table. */
export const transfer = onchainTable("transfer", (t) => ({
  id: t.text().primaryKey(), // block:logIndex
  blockNumber: t.bigint().notNull(),
  logIndex: t.integer().notNull(),
  token: t.hex().notNull(),
  from: t.hex().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  kind: t.text().notNull(),
  txHash: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
}));
