// Reads the text of one apiok.ru method page (as the search tool stores it, in either of the site's layouts, Russian
// or English; test/fixtures/apiok/pages/*.txt) into facts the spec can be compared with: the parameters with their
// required flags and types, the session rule, the permissions, whether the call is unsigned or deprecated, and the
// shape of the answer (a list or an object, and its top-level keys).
import type { SessionRule } from '../spec-model.js';

export interface PageParam {
  name: string;
  required: boolean;
  /** OK's type name as the page writes it (`String[]`, `Long`, `FieldSets`), when it gives one. */
  type?: string;
}

export interface PageFacts {
  /** The method the page is about (its first line). */
  method: string;
  /** The URL of the copy (the file's `# <url>` line). */
  url?: string;
  params: PageParam[];
  /** Parameters that only the other saved copies of the page list (older or newer layouts). */
  otherCopiesParams: string[];
  session?: SessionRule;
  /** Undefined when the page has no list of permissions (the old layout's heading often comes empty). */
  permissions?: string[];
  unsigned: boolean;
  deprecated: boolean;
  /** `list` or `object`, with the keys of the object (or of the list's items); undefined when the page shows none. */
  answer?: { kind: 'list' | 'object'; keys: string[] };
}

const REQUIRED: Record<string, boolean> = { да: true, нет: false, yes: true, no: false, true: true, false: false };

const SESSION_PATTERNS: [RegExp, SessionRule][] = [
  [/Сессия запрещена|Session is (?:prohibited|forbidden)|without (?:a )?session only/i, 'prohibited'],
  [/Сессия (?:не обязательна|опциональна)|Session is (?:optional|not required)/i, 'optional'],
  [/Сессия обязательна|Session is required|Session required/i, 'required'],
];

/** The facts of one page file: `# <url>` and `# copies: ...` lines, then the page text. */
export function readApiokPage(file: string): PageFacts {
  const lines = file.split('\n');
  const url = /^# (https?:\/\/\S+)/.exec(lines[0] ?? '')?.[1];
  // Several copies may be saved in one file; the first (before any `--- copy:` line) is the one relied on.
  const [text = '', ...others] = lines
    .filter((l) => !l.startsWith('# '))
    .join('\n')
    .split(/\n--- copy: /);
  const method = /^\s*([a-zA-Z][\w.]*\.[a-zA-Z]\w*)/.exec(text)?.[1] ?? '';
  const params = readParams(text);
  const otherCopiesParams = [...new Set(others.flatMap((t) => readParams(t).map((p) => p.name)))].filter(
    (n) => !params.some((p) => p.name === n),
  );
  return {
    method,
    url,
    params,
    otherCopiesParams,
    session: SESSION_PATTERNS.find(([re]) => re.test(text))?.[1],
    permissions: readPermissions(text),
    unsigned: /не должен быть подписан|must not be signed|should not be signed/i.test(text),
    deprecated: /метод устарел|устаревший метод|is deprecated|deprecated method/i.test(text),
    answer: readAnswer(text),
  };
}

/** `uids Да String[]` (one layout) or `uids | Да | String[] | ... |` (the other), in Russian or English. */
function readParams(text: string): PageParam[] {
  const params: PageParam[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const cells = line.includes('|') ? line.split('|').map((c) => c.trim()) : line.split(/\s+/);
    const [name, flag, type] = cells;
    if (!name || flag === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !(flag.toLowerCase() in REQUIRED))
      continue;
    // A plain line holds exactly the name, the flag and maybe a type; anything longer is prose.
    if (!line.includes('|') && cells.length > 3) continue;
    if (params.some((p) => p.name === name)) continue;
    params.push({
      name,
      required: REQUIRED[flag.toLowerCase()]!,
      ...(type && /^[A-Za-z][\w.]*(\[\])?$/.test(type) ? { type } : {}),
    });
  }
  return params;
}

function readPermissions(text: string): string[] | undefined {
  const heading = /(Необходимые права|Required permissions)[^\n]*\n/i.exec(text);
  if (!heading) return undefined;
  const found: string[] = [];
  for (const raw of text.slice(heading.index + heading[0].length).split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const bullet = /^[•*-]\s*([A-Z][A-Z0-9_]+)\s*$/.exec(line);
    if (!bullet) break;
    found.push(bullet[1]!);
  }
  return found.length ? found : undefined;
}

/** The answer after «Тип», «Ответ», «Type» or «Response»: a list or an object, and its top-level keys. */
function readAnswer(text: string): PageFacts['answer'] {
  const heading = /\n(Тип|Ответ|Type|Response)\s*\n/.exec(text);
  if (!heading) return undefined;
  const rest = text.slice(heading.index + heading[0].length);
  const start = rest.search(/[[{]/);
  if (start < 0 || rest.slice(0, start).trim()) return undefined;
  const kind = rest[start] === '[' ? 'list' : 'object';
  // Keys at depth 1 of an object, or at depth 2 of a list of objects.
  const keyDepth = kind === 'list' ? 2 : 1;
  const keys: string[] = [];
  let depth = 0;
  for (let i = start; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    } else if (c === '"') {
      const end = rest.indexOf('"', i + 1);
      if (end < 0) break;
      const token = rest.slice(i + 1, end);
      if (depth === keyDepth && /^\s*:/.test(rest.slice(end + 1)) && !keys.includes(token)) keys.push(token);
      i = end;
    }
  }
  return { kind, keys };
}
