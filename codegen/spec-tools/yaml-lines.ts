// Lines of paths inside spec files, for problems that loadSpec's model no longer carries positions for, with
// load-spec.ts's own lookup: the key's line for map entries, the item's line for list items, and the deepest node
// found when the path goes further than the file (a missing key is reported where it should have been).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { lineOf } from '../load-spec.js';

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
    return lineOf(parsed.doc, parsed.lines, segments);
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
