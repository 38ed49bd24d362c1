/** Plain-text tables for the terminal: columns padded to their widest cell. */

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[] = []): string {
  const widths = header.map((title, j) => Math.max(title.length, ...rows.map((row) => row[j]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, j) => (rightAligned[j] === true ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}

/** A number with at most `digits` decimals, trailing zeros dropped. */
export function formatNumber(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

/** `median (q1–q3)` of a spread, each value × `scale`, the unit on the median only; '—' without values. */
export function formatSpread(spread: { median: number; q1: number; q3: number } | null, digits: number, unit = '', scale = 1): string {
  if (spread === null) return '—';
  const plain = (value: number): string => formatNumber(value * scale, digits);
  return `${plain(spread.median)}${unit} (${plain(spread.q1)}–${plain(spread.q3)})`;
}
