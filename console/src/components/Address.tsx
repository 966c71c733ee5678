/** An address, shortened for reading, whole in the title and for screen readers. */
export function Address({ value, label }: { value: string; label?: string }) {
  const short = value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-6)}` : value;
  return (
    <code className="address" title={value} aria-label={label ? `${label} ${value}` : value}>
      {short}
    </code>
  );
}
