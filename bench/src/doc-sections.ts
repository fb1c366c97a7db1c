// docs/BENCHMARKS.md is written by more than one command: `npm run bench` writes the file, and
// `npm run bench:web -w @chat/bench` and `npm run soak` their own sections, kept between markers
// so that each command replaces only its own part; notes written by hand are kept the same way.
const start = (name: string) => `<!-- ${name}: npm run bench keeps this section -->`;
const end = (name: string) => `<!-- /${name} -->`;

/** The sections `npm run bench` keeps when it writes the file, in this order after its own. */
export const keptSections = ['notes: membership (issue 12)', 'notes: one user floods (issue 13)', 'soak', 'bench:web'];

/** The marked section `name` of `doc`, markers included, or '' when it has none. */
export function sectionOf(doc: string, name: string): string {
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  return from === -1 || to < from ? '' : doc.slice(from, to + end(name).length);
}

/** `doc` with its section `name` replaced by `body` (appended when it has none). */
export function withSection(doc: string, name: string, body: string): string {
  const section = `${start(name)}\n${body.trim()}\n${end(name)}`;
  const old = sectionOf(doc, name);
  return old ? doc.replace(old, () => section) : `${doc.trimEnd()}\n\n${section}\n`;
}
