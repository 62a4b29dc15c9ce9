// Aligned plain-text tables for the terminal: console.table adds an index column and quotes strings, and a CI log
// reads better without either. Text columns are left-aligned, numbers right-aligned.
export type Cell = string | number;

export function textTable(header: string[], rows: Cell[][], options: { footer?: Cell[] } = {}): string {
  const all = [header, ...rows, ...(options.footer ? [options.footer] : [])];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const body = all.slice(1);
  // A column is numeric (right-aligned, header too) when every cell below the header is a number or a percentage.
  const numeric = header.map(
    (_, i) => body.length > 0 && body.every((r) => typeof r[i] === 'number' || /^\d+%$|^–$/.test(String(r[i] ?? ''))),
  );
  const line = (r: Cell[]) =>
    r
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line), ...(options.footer ? [rule, line(options.footer)] : [])].join('\n');
}

/** `87%`, or `–` when there was nothing to count. */
export function percent(value: number | null): string {
  return value === null ? '–' : `${value}%`;
}
