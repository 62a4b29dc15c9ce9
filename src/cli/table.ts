// Plain-text tables: columns padded to the widest cell, the last one cut to the terminal's width when there is one.

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], width?: number): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => {
    const text = cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
    return width !== undefined && text.length > width ? `${text.slice(0, Math.max(width - 1, 0))}…` : text;
  };
  return [line(header), ...rows.map(line)];
}
