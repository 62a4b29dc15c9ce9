// Lines of paths inside spec files, for problems that loadSpec's model no longer carries positions for. It mirrors
// load-spec.ts's own lookup: the key's line for map entries, the item's line for list items, and the deepest node
// found when the path goes further than the file (a missing key is reported where it should have been).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

interface ParsedFile {
  doc: Document;
  lines: LineCounter;
}

export class SpecLines {
  private readonly files = new Map<string, ParsedFile>();

  constructor(private readonly root: string) {}

  /** The 1-based line of `segments` in `file` (relative to the project root), or undefined if the file is unreadable. */
  lineOf(file: string, segments: (string | number)[]): number | undefined {
    const parsed = this.parse(file);
    if (!parsed) return undefined;
    const { doc, lines } = parsed;
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const seg of segments) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0];
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0];
        node = item;
      } else break;
    }
    if (offset === undefined) offset = (doc.contents as Node | null)?.range?.[0];
    return offset === undefined ? undefined : lines.linePos(offset).line;
  }

  /** Keys of the map at `segments`, in file order (for order checks: loadSpec's model is sorted). */
  keysOf(file: string, segments: string[]): string[] {
    const node = this.parse(file)?.doc.getIn(segments, true);
    return isMap(node) ? node.items.flatMap((it) => (isScalar(it.key) ? [String(it.key.value)] : [])) : [];
  }

  private parse(file: string): ParsedFile | undefined {
    let parsed = this.files.get(file);
    if (!parsed) {
      let text: string;
      try {
        text = readFileSync(join(this.root, file), 'utf8');
      } catch {
        return undefined;
      }
      const lines = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: lines }), lines };
      this.files.set(file, parsed);
    }
    return parsed;
  }
}
