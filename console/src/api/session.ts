/** The API keys a person signed in with, one per service, kept for this browser tab only (sessionStorage). */
export interface Session {
  monitorKey?: string;
  qualifierKey?: string;
  /** The qualifier key's role, as the service told it (GET /me). */
  qualifierRole?: "applicant" | "reviewer" | "admin" | "regulator";
  qualifierLabel?: string;
}

const STORE = "qualified.console.session";

export function loadSession(): Session {
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? "{}") as Session;
  } catch {
    return {};
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORE, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORE);
}
