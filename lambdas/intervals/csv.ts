/**
 * **CSV** (RFC 4180): a header row of the column names, then one line per row with the same
 * columns in the same order as the JSON fields; lines end with CRLF. A cell holding a comma, a
 * double quote, CR or LF is quoted, its quotes doubled. Absent values are empty cells; an object
 * (`stateSeconds`) is one cell of JSON.
 */
export function toCsv<Column extends string>(
  columns: readonly Column[],
  rows: readonly Partial<Record<Column, unknown>>[],
): string {
  const lines = [
    columns.map(cellOf),
    ...rows.map((row) => columns.map((column) => cellOf(row[column]))),
  ];
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
