// Compares saved apiok.ru method pages with the spec: what each page says that the spec does not (a parameter, a
// required flag, the session rule, permissions, unsigned, deprecation, the answer's shape). After OK changes a page,
// saving its new text and running `npm run spec:diff -- <dir>` lists what to review.
import type { MethodSpec, Spec } from '../spec-model.js';
import { parseType } from '../type-language.js';
import type { PageFacts } from './apiok-page.js';

export interface PageDifference {
  method: string;
  /** What differs, e.g. `param uids: required on the page, optional in the spec`. */
  what: string;
}

export function diffPages(pages: readonly PageFacts[], spec: Spec): PageDifference[] {
  const methods = new Map(spec.groups.flatMap((g) => g.methods.map((m) => [m.name, m] as const)));
  const models = new Map(spec.models.map((m) => [m.name, m]));
  const out: PageDifference[] = [];
  for (const page of pages) {
    const m = methods.get(page.method);
    const say = (what: string) => out.push({ method: page.method, what });
    if (!m) {
      say('not in the spec (add it with npm run spec:add)');
      continue;
    }
    if (page.session && page.session !== m.session)
      say(`session: ${page.session} on the page, ${m.session} in the spec`);
    if (page.permissions) {
      const missing = page.permissions.filter((p) => !m.permissions.includes(p));
      const extra = m.permissions.filter((p) => !page.permissions!.includes(p));
      if (missing.length || extra.length)
        say(
          `permissions: ${page.permissions.join(', ')} on the page, ${m.permissions.join(', ') || 'none'} in the spec`,
        );
    }
    if (page.unsigned !== (m.unsigned ?? false))
      say(
        `unsigned: ${page.unsigned ? 'the page says the call is not signed' : 'the spec marks it unsigned, the page does not'}`,
      );
    if (page.deprecated && !m.deprecated) say('deprecated on the page, not in the spec');
    for (const p of page.params) {
      const s = m.params.find((x) => x.name === p.name);
      if (!s) {
        say(`param ${p.name}: on the page, not in the spec`);
        continue;
      }
      if (p.required !== s.required)
        say(
          `param ${p.name}: ${p.required ? 'required' : 'optional'} on the page, ${s.required ? 'required' : 'optional'} in the spec`,
        );
      if (p.type?.endsWith('[]') && !parseType(s.type).list && !isJsonList(s))
        say(`param ${p.name}: a list (${p.type}) on the page, ${s.type} in the spec`);
    }
    for (const s of m.params) {
      const onPage = page.params.some((p) => p.name === s.name) || page.otherCopiesParams.includes(s.name);
      if (!onPage && s.source === 'apiok') say(`param ${s.name}: sourced to apiok in the spec, not on the saved page`);
    }
    if (page.answer) diffAnswer(page.answer, m, models, say);
  }
  return out;
}

/** A JSON parameter holding a list is a list too. */
function isJsonList(p: MethodSpec['params'][number]): boolean {
  return p.encoding === 'json' || p.type === 'json';
}

function diffAnswer(
  answer: NonNullable<PageFacts['answer']>,
  m: MethodSpec,
  models: Map<string, Spec['models'][number]>,
  say: (what: string) => void,
): void {
  if (m.result.type === 'unknown') {
    say(
      `result: the page shows ${answer.kind === 'list' ? 'a list' : 'an object'}${answer.keys.length ? ` (${answer.keys.join(', ')})` : ''}; the spec says unknown`,
    );
    return;
  }
  const { base, list } = parseType(m.result.type);
  if ((answer.kind === 'list') !== list)
    say(`result: ${answer.kind === 'list' ? 'a list' : 'an object'} on the page, ${m.result.type} in the spec`);
  const model = models.get(base);
  if (!model || model.oneOf) return;
  const missing = answer.keys.filter((k) => !model.properties.some((p) => p.name === k));
  if (missing.length) say(`result: the page's keys ${missing.join(', ')} are not properties of ${base}`);
}
