import type { SanctionsList } from "../screening/ofac.js";
import { ServiceContext, type ApplicationInput, type Principal, type Role, type ServiceDeps } from "./context.js";
import * as applications from "./applications.js";
import * as review from "./review.js";
import * as lists from "./lists.js";
import * as disclosures from "./disclosures.js";
import * as keys from "./keys.js";
import * as desk from "./desk.js";

export { ROLES, ServiceError, type ApplicationInput, type Policy, type Principal, type Role, type ServiceDeps } from "./context.js";
export { createApiKey, resealAll } from "./keys.js";

/** The qualifier's work: intake and screening, review and issuance, audited disclosure. Each use case lives in its own file. */
export class QualifierService {
  readonly ctx: ServiceContext;
  constructor(deps: ServiceDeps) {
    this.ctx = new ServiceContext(deps);
  }

  /** A key for `role` (default lifetime 90 days), created by the operator rather than through the API. */
  createApiKey(role: Role, label: string, days?: number) {
    return keys.createApiKey(this.ctx.d, role, label, { days });
  }
  /** The principal behind an API key, or undefined (expired, revoked, unknown: `checkKey` says which). */
  async authenticate(key: string) {
    const r = await keys.authenticate(this.ctx.d.db, key);
    return r.ok ? r.principal : undefined;
  }
  /** The principal behind an API key, or why it is refused. */
  checkKey(key: string) {
    return keys.authenticate(this.ctx.d.db, key);
  }
  issueKey(p: Principal, input: { role: Role; label: string; days?: number }) {
    return keys.issueKey(this.ctx, p, input);
  }
  listKeys(p: Principal) {
    return keys.listKeysOf(this.ctx, p);
  }
  revokeKey(p: Principal, id: string, reason: string) {
    return keys.revokeKeyOf(this.ctx, p, id, reason);
  }
  rotateKeys(p: Principal) {
    return keys.rotateKeys(this.ctx, p);
  }

  apply(p: Principal, input: ApplicationInput) {
    return applications.apply(this.ctx, p, input);
  }
  get(p: Principal, id: string) {
    return applications.getApplication(this.ctx, p, id);
  }
  search(p: Principal, by: { lei?: string; name?: string }) {
    return applications.search(this.ctx, p, by);
  }
  erase(p: Principal, id: string, legalBasis: string) {
    return applications.erase(this.ctx, p, id, legalBasis);
  }

  approve(p: Principal, id: string, reason: string) {
    return review.approve(this.ctx, p, id, reason);
  }
  reject(p: Principal, id: string, reason: string) {
    return review.reject(this.ctx, p, id, reason);
  }
  reviewQueue(p: Principal) {
    return review.queue(this.ctx, p);
  }
  clearHold(p: Principal, id: string, reason: string) {
    return review.clearHold(this.ctx, p, id, reason);
  }
  confirmHold(p: Principal, id: string, reason: string) {
    return review.confirmHold(this.ctx, p, id, reason);
  }
  renew(p: Principal, id: string, reason: string) {
    return review.renew(this.ctx, p, id, reason);
  }
  revoke(p: Principal, id: string, reason: string) {
    return review.revoke(this.ctx, p, id, reason);
  }

  /** Indexes the stored current publication (or says none is loaded); call once before serving. */
  start() {
    return lists.startScreening(this.ctx);
  }
  /** Stops the screening workers. */
  close() {
    return this.ctx.pool.close();
  }
  loadList(p: Principal, list: SanctionsList) {
    return lists.loadList(this.ctx, p, list);
  }
  confirmList(p: Principal, id: string) {
    return lists.confirmList(this.ctx, p, id);
  }

  requestDisclosure(p: Principal, input: { wallet: string; caseRef: string; reason: string }) {
    return disclosures.requestDisclosure(this.ctx, p, input);
  }
  approveDisclosure(p: Principal, id: string) {
    return disclosures.approveDisclosure(this.ctx, p, id);
  }
  disclosure(p: Principal, id: string) {
    return disclosures.disclosure(this.ctx, p, id);
  }

  /** Pending applications and disclosure requests waiting for approvers (reviewer, admin), without personal data. */
  pendingWork(p: Principal) {
    return desk.pendingWork(this.ctx, p);
  }
}
