// docs/BENCHMARKS.md is written by more than one command: `npm run bench` writes the file and
// `npm run bench:web -w @chat/bench` its web section, kept between markers so that each
// command replaces only its own part.
const start = (name: string) => `<!-- ${name}: written by its own command, kept by the others -->`;
const end = (name: string) => `<!-- /${name} -->`;

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
