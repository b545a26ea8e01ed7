import { describe, expect, it } from "vitest";
import { CsvError, parseCsv, sniffDelimiter, toCsvLine } from "@/lib/catalogue/csv";

const fields = (text: string, opts?: Parameters<typeof parseCsv>[1]) => parseCsv(text, opts).map((r) => r.fields);

describe("parseCsv (RFC 4180)", () => {
  it("splits simple records with CRLF, LF or CR line breaks", () => {
    expect(fields("a,b,c\r\n1,2,3\r\n")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
    expect(fields("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(fields("a,b\r1,2\r")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("keeps empty fields, including trailing ones", () => {
    expect(fields("a,,c\n,,\n")).toEqual([["a", "", "c"], ["", "", ""]]);
  });

  it("reads quoted fields with delimiters, doubled quotes and line breaks", () => {
    const text = 'sku,description\r\nA-1,"Soft, warm ""wool"" jacket\r\nsecond line"\r\nA-2,""\r\n';
    expect(fields(text)).toEqual([
      ["sku", "description"],
      ["A-1", 'Soft, warm "wool" jacket\r\nsecond line'],
      ["A-2", ""],
    ]);
  });

  it("reports the line each record starts on, counting line breaks inside quotes", () => {
    const recs = parseCsv('h\n"x\ny"\nz\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("skips blank lines by default and keeps them when asked", () => {
    expect(fields("a\n\nb\n")).toEqual([["a"], ["b"]]);
    expect(fields("a\n\nb\n", { skipEmptyLines: false })).toEqual([["a"], [""], ["b"]]);
  });

  it("strips a UTF-8 byte order mark", () => {
    expect(fields("\uFEFFsku,name\nA,B")).toEqual([["sku", "name"], ["A", "B"]]);
  });

  it("keeps spaces around unquoted values (RFC 4180 says they are part of the field)", () => {
    expect(fields(" a , b ")).toEqual([[" a ", " b "]]);
  });

  it("supports another delimiter", () => {
    expect(fields('a;"b;c"\n1;2', { delimiter: ";" })).toEqual([["a", "b;c"], ["1", "2"]]);
  });

  it("rejects an unclosed quote, text after a closing quote and a bare quote", () => {
    expect(() => parseCsv('a,"open\n1,2')).toThrow(CsvError);
    expect(() => parseCsv('a,"x"y\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('a,b"c\n')).toThrow(/inside an unquoted field/);
    let caught: unknown;
    try {
      parseCsv('ok\nfine\n"x"y');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvError);
    expect((caught as CsvError).line).toBe(3);
  });

  it("handles an empty input", () => {
    expect(parseCsv("")).toEqual([]);
  });

  it("round-trips through toCsvLine", () => {
    const values = ["plain", 'with "quotes"', "a,b", "multi\nline", " padded ", ""];
    expect(fields(toCsvLine(values))).toEqual([values]);
  });
});

describe("sniffDelimiter", () => {
  it("picks ; when the header has more semicolons than commas outside quotes", () => {
    expect(sniffDelimiter("sku;name;price\nA;B;1,50")).toBe(";");
    expect(sniffDelimiter('sku,name,"a;b;c"\n')).toBe(",");
  });
});
