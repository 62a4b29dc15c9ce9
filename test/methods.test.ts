// Every method of aiookru's table is on the client. The spec records the table's session rule and permissions: as the
// effective ones, or under `seed:` where apiok.ru says otherwise (apiok.ru wins); METHODS follows the effective ones.
// The table is read from the facts file (a verbatim copy in test/fixtures of ../shared/reference/ok-api-facts.json, so
// that CI needs nothing outside the repository), not from the spec.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API, ClientSession, METHODS, ServerSession, type MethodInfo, type ParamInfo } from '../src/index.js';
import { docsUrl, groupOf } from '../src/method-info.js';
import { recordingFetch } from './helpers/wire.js';
import { loadSpec } from '../codegen/load-spec.js';
import type { MethodSpec } from '../codegen/spec-model.js';
import { referenceServerSecret, referenceSig } from './reference/sign.js';

interface FactsMethod {
  method: string;
  group: string;
  in_seed_table: boolean;
  session_seed?: string;
  permissions: string[] | null;
}
const FACTS = join(import.meta.dirname, 'fixtures/ok-api-facts.json');
const SHARED_FACTS = join(import.meta.dirname, '../../shared/reference/ok-api-facts.json');
const facts = JSON.parse(readFileSync(FACTS, 'utf8')) as { methods: FactsMethod[] };
const seed = facts.methods.filter((m) => m.in_seed_table);
const RULE: Record<string, string> = {
  'OAuth / WEB': 'required',
  'OAuth / WEB / Without Session *': 'optional',
  prohibited: 'prohibited',
};
const table = METHODS as Record<string, MethodInfo>;
const specMethods = new Map<string, MethodSpec>(
  loadSpec(join(import.meta.dirname, '..')).groups.flatMap((g) => g.methods.map((m) => [m.name, m] as const)),
);

/** The departures from the seed table that apiok.ru settles: method → what the seed said. */
const DEPARTURES = {
  'sdk.init': { session: 'required' },
  'apps.setVipOffers': { session: 'required' },
  'users.getCurrentUser': { permissions: ['GET_EMAIL'] },
};

/** A value of a parameter's kind, within its limits. */
function sample({ kind, list, min, max }: ParamInfo): unknown {
  const number = (fallback: number) =>
    list ? fallback : Math.min(Math.max(fallback, min ?? fallback), max ?? fallback);
  const text = list ? 'text' : 'x'.repeat(Math.min(Math.max(4, min ?? 4), max ?? 4));
  const one = {
    string: text,
    id: '575662066926',
    integer: number(7),
    number: number(1.5),
    boolean: true,
    json: { a: 1 },
  }[kind];
  return list ? Array.from({ length: Math.max(2, min ?? 0) }, () => one) : one;
}

describe('the seed table', () => {
  it.runIf(existsSync(SHARED_FACTS))('the fixture is the shared facts file, unchanged', () => {
    expect(readFileSync(FACTS, 'utf8')).toBe(readFileSync(SHARED_FACTS, 'utf8'));
  });

  it('has 147 methods, all in the spec', () => {
    expect(seed).toHaveLength(147);
    expect(seed.map((m) => m.method).filter((m) => !(m in table))).toEqual([]);
  });

  for (const m of seed) {
    it(`${m.method}: the spec records the table's session rule and permissions; METHODS has the effective ones`, () => {
      const info = table[m.method]!;
      const spec = specMethods.get(m.method)!;
      expect(spec.seed?.session ?? spec.session).toBe(RULE[m.session_seed!]);
      // Permissions are a set: pages list them in their own order.
      expect([...(spec.seed?.permissions ?? spec.permissions)].sort()).toEqual([...(m.permissions ?? [])].sort());
      expect(info.session).toBe(spec.session);
      expect([...info.permissions]).toEqual(spec.permissions);
      expect(docsUrl(info.name)).toBe(`https://apiok.ru/dev/methods/rest/${m.group}/${m.method}`);
      expect(info.name).toBe(m.method);
      expect(groupOf(info.name)).toBe(m.group);
    });
  }

  it('departs from the table exactly where apiok.ru says otherwise, each departure sourced', () => {
    const departures = Object.fromEntries([...specMethods.values()].filter((m) => m.seed).map((m) => [m.name, m.seed]));
    expect(departures).toEqual(DEPARTURES);
    for (const name of Object.keys(DEPARTURES)) expect(specMethods.get(name)!.source, name).not.toBe('seed');
  });

  it('METHODS answers what the issue promises', () => {
    expect(METHODS['photos.deletePhoto'].permissions).toEqual(['VALUABLE_ACCESS', 'PHOTO_CONTENT']);
    expect(METHODS['users.getInfo'].idempotent).toBe(true);
    expect(METHODS['photos.deletePhoto'].idempotent).toBe(false);
    expect(METHODS['notifications.sendSimple'].session).toBe('prohibited');
  });
});

describe('ok.<group>.<method>', () => {
  it('exists for every method of the table and sends that method, correctly signed', async () => {
    const { fetch, seen } = recordingFetch();
    const user = new API(
      new ServerSession({ appId: 1, appKey: 'PUB', appSecretKey: 'APPSECRET', accessToken: 'TOKEN' }),
      { fetch },
    );
    const app = new API(new ServerSession({ appId: 1, appKey: 'PUB', appSecretKey: 'APPSECRET' }), { fetch });
    for (const m of seed) {
      const info = table[m.method]!;
      const name = m.method.slice(m.group.length + 1);
      const api = info.session === 'prohibited' ? app : user;
      const group = (api as unknown as Record<string, Record<string, (p?: object) => Promise<unknown>>>)[m.group]!;
      expect(typeof group[name], m.method).toBe('function');
      const params = Object.fromEntries(
        Object.entries(info.params)
          .filter(([, p]) => p.required)
          .map(([k, p]) => [k, sample(p)]),
      );
      await group[name]!(params);
      const sent = seen.at(-1)!.params;
      expect(sent.method).toBe(m.method);
      if (info.unsigned) {
        // Sent as OK wants it: no signature, no session.
        expect(Object.keys(sent).sort(), m.method).toEqual(
          ['application_key', 'format', 'method', ...Object.keys(params)].sort(),
        );
        continue;
      }
      const secret = info.session === 'prohibited' ? 'APPSECRET' : referenceServerSecret('TOKEN', 'APPSECRET');
      expect(sent.sig, m.method).toBe(referenceSig(sent, secret));
    }
    expect(seen).toHaveLength(147);
  });

  it('a group has only the methods the spec knows', () => {
    const ok = new API(new ClientSession({ appId: 1, appKey: 'k', accessToken: 't', sessionSecretKey: 's' }));
    expect(Object.keys(ok.events).sort()).toEqual(
      Object.keys(table)
        .filter((n) => n.startsWith('events.'))
        .map((n) => n.slice(7))
        .sort(),
    );
    expect((ok.users as unknown as Record<string, unknown>).noSuchMethod).toBeUndefined();
    expect(ok.users).toBe(ok.users);
  });
});
