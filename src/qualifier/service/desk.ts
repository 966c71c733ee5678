import type { Principal, ServiceContext } from "./context.js";

/**
 * The reviewers' desk: what waits for them, without personal data (no name, LEI or free text; reviewers open an
 * application itself to read it, which is logged). Pending applications with their wallets, and disclosure
 * requests still short of approvers.
 */
export async function pendingWork(ctx: ServiceContext, p: Principal) {
  ctx.require(p, "reviewer", "admin");
  const { db, policy } = ctx.d;
  const rows = await db
    .selectFrom("applications")
    .select(["id", "status", "country", "class_id", "created_at"])
    .where("status", "=", "pending")
    .orderBy("created_at")
    .limit(500)
    .execute();
  const wallets =
    rows.length === 0
      ? []
      : await db
          .selectFrom("application_wallets")
          .select(["application_id", "address"])
          .where(
            "application_id",
            "in",
            rows.map((r) => r.id),
          )
          .execute();
  const requests = await db
    .selectFrom("disclosure_requests")
    .select(["id", "wallet", "created_at"])
    .where("status", "=", "pending")
    .orderBy("created_at")
    .limit(500)
    .execute();
  const approvals =
    requests.length === 0
      ? []
      : await db
          .selectFrom("disclosure_approvals")
          .select("request_id")
          .where(
            "request_id",
            "in",
            requests.map((r) => r.id),
          )
          .execute();
  return {
    applications: rows.map((r) => ({
      id: r.id,
      status: r.status,
      country: r.country,
      classId: r.class_id,
      wallets: wallets.filter((w) => w.application_id === r.id).map((w) => w.address),
      createdAt: r.created_at,
    })),
    disclosures: requests.map((r) => ({
      id: r.id,
      wallet: r.wallet,
      approvals: approvals.filter((a) => a.request_id === r.id).length,
      needed: policy.disclosureApprovals,
      createdAt: r.created_at,
    })),
  };
}
