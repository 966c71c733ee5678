/**
 * Endpoints carry credentials (`user:password@`, `?apikey=...`, a project key as a path segment, as hosted
 * RPC providers issue them); whatever prints or logs a URL prints it through these first.
 */

const SECRET_PARAM = /key|token|secret|pass|auth|sig|credential/i;
/** A path segment that looks like an issued key: long, and letters mixed with digits. */
const KEY_SEGMENT = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

/** `url` without its credentials: user and password, secret-looking query values and key-like path segments. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Not a URL: nothing in it to redact as one.
    return url;
  }
  if (!/^[a-z][a-z0-9+.-]*:$/.test(u.protocol) || !u.host) return url;
  if (u.username) u.username = "***";
  if (u.password) u.password = "***";
  u.pathname = u.pathname
    .split("/")
    .map((segment) => (KEY_SEGMENT.test(segment) ? "***" : segment))
    .join("/");
  for (const name of [...u.searchParams.keys()]) if (SECRET_PARAM.test(name)) u.searchParams.set(name, "***");
  // URLSearchParams encodes "*"; keep the marker readable.
  const redacted = u.toString().replace(/%2A%2A%2A/g, "***");
  return url.endsWith("/") || u.pathname !== "/" ? redacted : redacted.replace(/\/(?=\?|$)/, "");
}

/** `text` with every URL in it redacted, and bearer tokens and API keys (`qk_...`) masked. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url))
    .replace(/\b(Bearer\s+)\S+/gi, "$1***")
    .replace(/\bqk_[A-Za-z0-9_-]+/g, "qk_***");
}
