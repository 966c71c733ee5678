import type { Session } from "../api/session";
import type { ConsoleConfig } from "../api/types";

export type ViewId = "overview" | "token" | "alerts" | "trace" | "desk" | "governance" | "stress";

/** Every view, with what it needs: a view whose service, key or role is missing is not offered. */
export const VIEWS: { id: ViewId; title: string; available: (c: ConsoleConfig, s: Session) => boolean }[] = [
  { id: "overview", title: "Overview", available: (c, s) => Boolean(c.chain) || Boolean(s.monitorKey) },
  { id: "token", title: "Token", available: (c, s) => Boolean(c.chain) || Boolean(s.monitorKey) },
  { id: "alerts", title: "Alerts", available: (_c, s) => Boolean(s.monitorKey) },
  { id: "trace", title: "Trace", available: (_c, s) => Boolean(s.monitorKey) },
  { id: "desk", title: "Qualifier desk", available: (_c, s) => s.qualifierRole === "reviewer" || s.qualifierRole === "admin" },
  { id: "governance", title: "Governance map", available: (c) => Boolean(c.chain) },
  { id: "stress", title: "Stress", available: (c) => c.stress },
];
