/** Token amounts arrive as decimal strings of base units; shown with the token's decimals and thousands separators. */
export function formatAmount(value: string | bigint, decimals = 0): string {
  const v = BigInt(value);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const unit = 10n ** BigInt(decimals);
  const whole = (abs / unit).toLocaleString("en-US");
  const fraction = decimals > 0 ? (abs % unit).toString().padStart(decimals, "0").replace(/0+$/, "") : "";
  return `${negative ? "−" : ""}${whole}${fraction ? `.${fraction.slice(0, 6)}` : ""}`;
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function formatTime(iso: string | number): string {
  const d = typeof iso === "number" ? new Date(iso * 1000) : new Date(iso);
  return `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** A decimal amount a person typed ("12.5") in base units for `decimals`; undefined when it is not one. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const m = /^(\d{1,60})(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ""));
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  if (fraction.length > decimals) return undefined;
  return BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}
