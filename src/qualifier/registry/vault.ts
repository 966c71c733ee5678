import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * Encryption at rest for personal data: AES-256-GCM (authenticated), a fresh 96-bit IV per value, and the
 * record and field the value belongs to as additional authenticated data, so a ciphertext moved to another
 * row or field fails to decrypt. Keys carry ids; values name the key that sealed them, so keys rotate:
 * new values use the current key, old ones still open with theirs until `reseal` moves them over.
 */
export interface VaultKeys {
  /** Key id -> 32-byte key, base64. */
  keys: Record<string, string>;
  /** The id of the key new values are sealed with. */
  current: string;
  /** 32-byte key, base64, for the blind index (kept apart from the encryption keys). */
  indexKey: string;
}

const PREFIX = "v1";

export class Vault {
  private readonly keys = new Map<string, Buffer>();
  private readonly current: string;
  private readonly indexKey: Buffer;

  constructor(config: VaultKeys) {
    for (const [id, b64] of Object.entries(config.keys)) {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`key id "${id}" must be 1-32 letters, digits, - or _`);
      const key = Buffer.from(b64, "base64");
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes (base64), not ${key.length}`);
      this.keys.set(id, key);
    }
    if (!this.keys.has(config.current)) throw new Error(`the current key "${config.current}" is not among the keys`);
    this.current = config.current;
    this.indexKey = Buffer.from(config.indexKey, "base64");
    if (this.indexKey.length !== 32) throw new Error("the index key must be 32 bytes (base64)");
  }

  /** A new random key, base64, for configuration. */
  static generateKey(): string {
    return randomBytes(32).toString("base64");
  }

  /** Seals `plaintext` for `context` (for example "applicant:42:legalName"). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.current)!, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [PREFIX, this.current, iv.toString("base64"), body.toString("base64"), cipher.getAuthTag().toString("base64")].join(".");
  }

  /** Opens a sealed value; throws if it was altered, moved to another context, or its key is unknown. */
  open(sealed: string, context: string): string {
    const [prefix, keyId, iv, body, tag] = sealed.split(".");
    if (prefix !== PREFIX || !iv || !body || !tag) throw new Error("not a sealed value");
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`sealed with key "${keyId}", which is not configured`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("the sealed value does not authenticate: altered, or moved from another record");
    }
  }

  /** The id of the key that sealed a value. */
  keyOf(sealed: string): string {
    return sealed.split(".")[1] ?? "";
  }

  /** Re-seals a value with the current key (rotation); a value already on it is returned unchanged. */
  reseal(sealed: string, context: string): string {
    return this.keyOf(sealed) === this.current ? sealed : this.seal(this.open(sealed, context), context);
  }

  /**
   * A blind index: HMAC-SHA256 of the normalized value under the index key, so a record can be found by its
   * LEI or name without the database holding either in clear.
   */
  blindIndex(kind: string, value: string): string {
    const normalized = value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
    return createHmac("sha256", this.indexKey).update(`${kind}\u0000${normalized}`).digest("hex");
  }
}
