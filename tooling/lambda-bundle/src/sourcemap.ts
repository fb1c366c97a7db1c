// Keeps a source map's mappings for some sources only. A bundle's full map is mostly the
// AWS SDK's and other dependencies' (over 1 MB for these Lambdas, ~0.5 MB zipped: over the
// budget); our own code's part is a few KB and is what a stack trace in CloudWatch needs.

export interface SourceMapV3 {
  version: 3;
  file?: string;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Map([...BASE64].map((c, i) => [c, i]));

/** One mappings segment's fields, each a VLQ (relative to the previous segment's). */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_INDEX.get(char);
    if (digit === undefined) throw new Error(`source map: bad VLQ character ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new Error('source map: truncated VLQ');
  return values;
}

export function encodeVlq(values: readonly number[]): string {
  let out = '';
  for (const v of values) {
    let rest = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      let digit = rest & 31;
      rest >>>= 5;
      if (rest > 0) digit |= 32;
      out += BASE64[digit];
    } while (rest > 0);
  }
  return out;
}

/** An absolute mapping segment: generated column, then (source, line, column[, name]) or none. */
type Segment = number[];

function decodeMappings(mappings: string): Segment[][] {
  let source = 0;
  let line = 0;
  let column = 0;
  let name = 0;
  return mappings.split(';').map((lineText) => {
    let generated = 0;
    if (lineText === '') return [];
    return lineText.split(',').map((text): Segment => {
      const [g = 0, s, l = 0, c = 0, n] = decodeVlq(text);
      generated += g;
      if (s === undefined) return [generated];
      source += s;
      line += l;
      column += c;
      if (n === undefined) return [generated, source, line, column];
      name += n;
      return [generated, source, line, column, name];
    });
  });
}

function encodeMappings(lines: Segment[][]): string {
  let source = 0;
  let line = 0;
  let column = 0;
  let name = 0;
  return lines
    .map((segments) => {
      let generated = 0;
      return segments
        .map(([g = 0, s, l = 0, c = 0, n]) => {
          const fields = [g - generated];
          generated = g;
          if (s !== undefined) {
            fields.push(s - source, l - line, c - column);
            source = s;
            line = l;
            column = c;
          }
          if (n !== undefined) {
            fields.push(n - name);
            name = n;
          }
          return encodeVlq(fields);
        })
        .join(',');
    })
    .join(';');
}

/**
 * The map restricted to the sources `keep` accepts: other sources' segments become unmapped
 * ones (so a position in dependency code never maps to the nearest line of ours), and the
 * sources and names lists are renumbered. `sourcesContent` is dropped: stack traces need none.
 */
export function filterSourceMap(map: SourceMapV3, keep: (source: string) => boolean): SourceMapV3 {
  const sourceIndex = new Map<number, number>();
  const sources: string[] = [];
  map.sources.forEach((source, i) => {
    if (keep(source)) {
      sourceIndex.set(i, sources.length);
      sources.push(source);
    }
  });
  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  const lines = decodeMappings(map.mappings).map((segments) => {
    const out: Segment[] = [];
    for (const [generated = 0, s, line = 0, column = 0, n] of segments) {
      const source = s === undefined ? undefined : sourceIndex.get(s);
      if (source === undefined) {
        // Unmapped from here on. At the start of a line, or after another unmapped segment,
        // that is already so.
        if (out.length > 0 && (out.at(-1)?.length ?? 0) > 1) out.push([generated]);
        continue;
      }
      if (n === undefined) {
        out.push([generated, source, line, column]);
        continue;
      }
      let name = nameIndex.get(n);
      if (name === undefined) {
        name = names.length;
        nameIndex.set(n, name);
        names.push(map.names[n] ?? '');
      }
      out.push([generated, source, line, column, name]);
    }
    return out;
  });
  return {
    version: 3,
    ...(map.file !== undefined && { file: map.file }),
    ...(map.sourceRoot !== undefined && { sourceRoot: map.sourceRoot }),
    sources,
    names,
    mappings: encodeMappings(lines),
  };
}

/** The (source, line, column) a generated position maps to, or undefined: for tests and tools. */
export function originalPosition(
  map: SourceMapV3,
  generatedLine: number,
  generatedColumn: number,
): { source: string; line: number; column: number } | undefined {
  const segments = decodeMappings(map.mappings)[generatedLine] ?? [];
  let found: Segment | undefined;
  for (const s of segments) {
    if ((s[0] ?? 0) > generatedColumn) break;
    found = s;
  }
  const [, s, line = 0, column = 0] = found ?? [];
  const source = s === undefined ? undefined : map.sources[s];
  return source === undefined ? undefined : { source, line, column };
}
