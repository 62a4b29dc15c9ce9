// Compares the methods apiok.ru lists with the spec's. A deprecated spec method missing from the page is expected (OK
// drops the pages of retired methods), so it is kept apart from the ones that need a look.
import { canonicalDocsUrl, type Spec } from '../spec-model.js';
import type { ListedMethod } from './apiok-index.js';
import { compareNames } from './method-name.js';

export interface IndexDiff {
  /** How many methods the page lists, and in how many groups. */
  listed: { methods: number; groups: number };
  spec: { methods: number; groups: number };
  /** Listed on the page, not in the spec: candidates for spec:add, with the address spec:add will write. */
  notInSpec: { name: string; url: string }[];
  /** In the spec, not deprecated, not on the page: removed or renamed by OK, or a page that is missing. */
  notListed: string[];
  /** Deprecated in the spec and not on the page, as expected. */
  deprecatedNotListed: string[];
}

export function diffIndex(listed: ListedMethod[], spec: Spec): IndexDiff {
  const methods = spec.groups.flatMap((g) => g.methods);
  const inSpec = new Set(methods.map((m) => m.name));
  const onPage = new Set(listed.map((m) => m.name));
  const sorted = (names: string[]) => names.sort(compareNames);
  return {
    listed: { methods: listed.length, groups: new Set(listed.map((m) => m.group)).size },
    spec: { methods: methods.length, groups: spec.groups.length },
    notInSpec: listed
      .filter((m) => !inSpec.has(m.name))
      .map((m) => ({ name: m.name, url: canonicalDocsUrl(m.group, m.name) }))
      .sort((a, b) => compareNames(a.name, b.name)),
    notListed: sorted(methods.filter((m) => !onPage.has(m.name) && m.deprecated === undefined).map((m) => m.name)),
    deprecatedNotListed: sorted(
      methods.filter((m) => !onPage.has(m.name) && m.deprecated !== undefined).map((m) => m.name),
    ),
  };
}
