// The text spec:add writes: a method entry with every field present and a placeholder where a fact is still to be
// found, put in alphabetical order into a group file whose other bytes stay as they were. Text is inserted rather than
// the file re-serialized, because the yaml library would reflow flow maps, quotes and comments the editors chose.
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { canonicalDocsUrl } from '../spec-model.js';
import { compareNames } from './method-name.js';

/** A request spec:add refuses: the message says why, for the person who typed it. */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

/** The placeholder summary; valid for the schema, and spec:lint warns until it is replaced. */
export const TODO_SUMMARY = 'TODO: one line.';

/** The entry's lines, its key at `indent` and its fields `step` further in. */
export function scaffoldLines(group: string, method: string, indent = '  ', step = '  '): string[] {
  const f = indent + step;
  return [
    `${indent}${method}:`,
    `${f}summary: "${TODO_SUMMARY}"`,
    // Unknown until someone reads the apiok.ru page; unknown also keeps the SDK from claiming a rule it does not know.
    `${f}session: unknown`,
    `${f}permissions: []`,
    `${f}permissionsUnknown: true`,
    // okru: this project's own knowledge, until the facts are taken from a named source.
    `${f}source: okru`,
    // Not retried until someone says a repeat is harmless.
    `${f}idempotent: false`,
    `${f}docs: ${canonicalDocsUrl(group, `${group}.${method}`)}`,
    `${f}params: {}`,
    `${f}result: { type: unknown }`,
  ];
}

/** A new group file holding one method, with the header the other group files have. */
export function newGroupFile(group: string, method: string): string {
  return [
    `# Methods of the ${group}.* group. Format: codegen/spec.schema.json; how to edit: CONTRIBUTING.md ("Adding a method").`,
    '',
    `group: ${group}`,
    'methods:',
    ...scaffoldLines(group, method),
    '',
  ].join('\n');
}

/**
 * `text` (a group file) with the method's entry inserted before the first method that sorts after it, or after the
 * last one. Comment lines directly above the method it goes before stay with that method. Returns the new text and
 * the 1-based line of the new key.
 */
export function insertMethod(text: string, group: string, method: string): { text: string; line: number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length)
    throw new ScaffoldError(`the file does not parse as YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it first`);
  if (!isMap(doc.contents)) throw new ScaffoldError('the file is not a map with group: and methods:');
  const methodsPair = doc.contents.items.find((it) => isScalar(it.key) && it.key.value === 'methods');
  if (!methodsPair) throw new ScaffoldError('the file has no methods: key');
  const methods = methodsPair.value;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  if (!isMap(methods) || methods.items.length === 0) {
    // `methods:` with nothing under it yet (or `methods: {}`): the entry goes on the next line, replacing any `{}`.
    const empty =
      methods === null ||
      (isScalar(methods) && (methods.value === null || methods.value === '')) ||
      (isMap(methods) && methods.flow);
    if (!empty) throw new ScaffoldError('methods: is not a map of methods');
    const keyEnd = (methodsPair.key as Node).range![1];
    const lineEnd = endOfLine(text, keyEnd);
    const entry = scaffoldLines(group, method).join(eol);
    const next = `${text.slice(0, keyEnd)}:${eol}${entry}${eol}${text.slice(lineEnd)}`;
    return { text: next, line: lines.linePos(keyEnd).line + 1 };
  }
  if (methods.flow) throw new ScaffoldError('methods: is written as a flow map ({ ... }); add the method by hand');

  const pairs = methods.items as Pair<Node, Node>[];
  const names = pairs.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  if (names.includes(method)) throw new ScaffoldError(`${group}.${method} is already in the spec`);
  const sameButCase = names.find((n) => n.toLowerCase() === method.toLowerCase());
  // OK reads method names without regard to case, so a second spelling would be the same method twice.
  if (sameButCase)
    throw new ScaffoldError(
      `${group}.${method} differs only in case from ${group}.${sameButCase}, which is already in the spec`,
    );

  const first = pairs[0]!;
  const keyCol = lines.linePos(first.key.range![0]).col - 1;
  const indent = ' '.repeat(keyCol);
  const firstField =
    isMap(first.value) && !first.value.flow && first.value.items[0] ? (first.value.items[0].key as Node) : undefined;
  const step = firstField ? ' '.repeat(Math.max(1, lines.linePos(firstField.range![0]).col - 1 - keyCol)) : '  ';
  const entry = scaffoldLines(group, method, indent, step);

  const before = pairs.find((_p, i) => compareNames(names[i]!, method) > 0);
  let at: number;
  if (before) {
    at = startOfLine(text, before.key.range![0]);
    // Comments right above a method belong to it.
    for (;;) {
      const prev = at > 0 ? startOfLine(text, at - 1) : at;
      if (prev === at || !text.slice(prev, at).trim().startsWith('#')) break;
      at = prev;
    }
  } else {
    const last = pairs[pairs.length - 1]!;
    const end = (last.value ?? last.key).range![1];
    at = endOfLine(text, Math.max(end - 1, 0));
    // The last method may end the file without a newline.
    if (at === text.length && !text.endsWith('\n'))
      return { text: `${text}${eol}${entry.join(eol)}${eol}`, line: lines.linePos(text.length).line + 1 };
  }
  const inserted = `${entry.join(eol)}${eol}`;
  return { text: text.slice(0, at) + inserted + text.slice(at), line: lines.linePos(at).line };
}

function startOfLine(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the newline that ends the line holding `offset` (the text's length on the last line). */
function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
