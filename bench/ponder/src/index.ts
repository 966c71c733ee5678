import { ponder } from "ponder:registry";
import { transfer } from "ponder:schema";

const ZERO = "0x0000000000000000000000000000000000000000";

ponder.on("Token:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  await context.db.insert(transfer).values({
    id: `${event.block.number}:${event.log.logIndex}`,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    token: event.log.address,
    from,
    to,
    amount: value,
    kind: from === ZERO ? "mint" : to === ZERO ? "burn" : "transfer",
    txHash: event.transaction.hash,
    timestamp: event.block.timestamp,
  });
});
