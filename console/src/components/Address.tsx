/**
 * An address, shortened for reading and whole in the title; screen readers get the whole address (and the label)
 * from visually hidden text, since `<code>` cannot carry an aria-label.
 */
export function Address({ value, label }: { value: string; label?: string }) {
  const short = value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-6)}` : value;
  return (
    <code className="address" title={value}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{label ? `${label} ${value}` : value}</span>
    </code>
  );
}
