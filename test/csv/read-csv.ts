/**
 * Test support, independent of the product code: a small RFC 4180 reader with strict quotes, as Python's csv module
 * reads them and as we take Excel to (not checked against an Excel here). A quote opens a quoted field only at the
 * start of a field ("" inside is one quote); after the closing quote, and anywhere in an unquoted field, characters
 * are taken literally up to the next separator or line break. Read with the wrong list separator (a German Excel
 * opening a ',' file with ';'), a quote then protects only the first cell of a line: the worst case to test.
 */
export function readCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = text.startsWith('\ufeff') ? 1 : 0;
  let atFieldStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (atFieldStart && c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) break;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (c === separator) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      atFieldStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (!atFieldStart || field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}
