import type { IndexedEvent } from "../events.js";
import type { ChainState } from "../projection.js";
import type { AlertConfig } from "./config.js";

export type RuleName = keyof AlertConfig["rules"];

/** Raises an alert of the calling rule about `subject` at the event being evaluated. */
export type Raise = (subject: string, message: string, details?: Record<string, string>) => void;

/**
 * One alert rule. It sees every event in chain order, after the state projection applied it, also while the
 * engine replays history to rebuild its state (then `raise` records nothing), so a rule may keep state of its own.
 */
export interface AlertRule {
  readonly name: RuleName;
  onEvent(event: IndexedEvent, state: ChainState, raise: Raise): void;
}
