// A small RFC 4180 CSV reader: quoted fields may hold delimiters, quotes ("") and line breaks; records
// end with CRLF, LF or CR. Strict about stray quotes, so a broken file is reported rather than misread.

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
  }
}

export type CsvOptions = {
  delimiter?: string;
  /** Drop records that are one empty field (blank lines); RFC 4180 would keep them. Default true. */
  skipEmptyLines?: boolean;
};

export type CsvRecord = { fields: string[]; line: number };

export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const delim = options.delimiter ?? ",";
  if (delim.length !== 1 || delim === '"' || delim === "\n" || delim === "\r") {
    throw new Error("The delimiter must be one character other than a quote or line break");
  }
  const skipEmpty = options.skipEmptyLines ?? true;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // Whether the current field was quoted, and whether anything at all was read for this record.
  let quoted = false;
  let started = false;

  const endField = () => {
    fields.push(field);
    field = "";
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(skipEmpty && fields.length === 1 && fields[0] === "" && !started)) {
      records.push({ fields, line: recordLine });
    }
    fields = [];
    started = false;
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') {
      if (field !== "" || quoted) throw new CsvError('a quote (") inside an unquoted field; wrap the field in quotes and double the quote', line);
      quoted = true;
      started = true;
      i++;
      // Quoted field: read to the closing quote; "" is a literal quote.
      for (;;) {
        if (i >= src.length) throw new CsvError("a quoted field is never closed", recordLine);
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\n" || (q === "\r" && src[i + 1] !== "\n")) line++;
        field += q;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== delim && next !== "\n" && next !== "\r") {
        throw new CsvError("text after a closing quote; put the whole field inside the quotes", line);
      }
      continue;
    }
    if (c === delim) {
      started = true;
      endField();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (quoted) throw new CsvError("text after a closing quote; put the whole field inside the quotes", line);
    field += c;
    started = true;
    i++;
  }
  // A last record without a trailing line break.
  if (started || field !== "" || fields.length > 0) endRecord();
  return records;
}

/** Picks "," or ";" (as some spreadsheet exports use) by looking at the header line outside quotes. */
export function sniffDelimiter(text: string): "," | ";" {
  let inQuotes = false;
  let commas = 0;
  let semis = 0;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) break;
    else if (!inQuotes && c === ",") commas++;
    else if (!inQuotes && c === ";") semis++;
  }
  return semis > commas ? ";" : ",";
}

/** Writes one CSV record (quoting only where needed), for exports and tests. */
export function toCsvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values
    .map((v) => {
      const s = v === null || v === undefined ? "" : String(v);
      return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(",");
}
