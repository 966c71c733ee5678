import type { AlertConfig } from "../config.js";
import type { AlertRule } from "../rule.js";
import { activitySpike } from "./activity-spike.js";
import { blockedContractHolds } from "./blocked-contract-holds.js";
import { escrowedReceipt } from "./escrowed-receipt.js";
import { forcedTransfer } from "./forced-transfer.js";
import { largeTransfer } from "./large-transfer.js";
import { newContract } from "./new-contract.js";
import { sanctionedTransfer } from "./sanctioned-transfer.js";
import { strandedHoldings } from "./stranded-holdings.js";

/** Every rule, fresh (with empty state of its own), in the order their alerts are listed for one event. */
export function createRules(config: AlertConfig): AlertRule[] {
  const r = config.rules;
  return [
    sanctionedTransfer(),
    largeTransfer(r.largeTransfer.threshold),
    activitySpike(r.activitySpike),
    forcedTransfer(),
    newContract(),
    blockedContractHolds(),
    strandedHoldings(r.strandedHoldings.enabled),
    escrowedReceipt(),
  ];
}
