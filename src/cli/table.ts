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
