// For random parameters, the `sig` okru sends equals the reference signature (node:crypto, test/reference/) computed
// over the parameters the server actually received, in every circuit and both HTTP methods.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API, ClientSession, ServerSession } from '../src/index.js';
import { recordingFetch } from './helpers/wire.js';
import { referenceServerSecret, referenceSig } from './reference/sign.js';

const RESERVED = new Set(['application_key', 'method', 'format', 'sig', 'access_token', 'session_key']);
const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/).filter((k) => !RESERVED.has(k));
// Any UTF-16 code units, lone surrogates included.
const text = fc.string({ unit: 'binary', maxLength: 40 });
const value = fc.oneof(
  text,
  fc.integer(),
  fc.bigInt({ min: 0n, max: 2n ** 64n }),
  fc.boolean(),
  fc.array(fc.oneof(fc.stringMatching(/^[^,]{0,8}$/), fc.integer({ min: 0 })), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 3 }),
);
const params = fc.dictionary(key, value, { maxKeys: 8 });

function expectedText(v: unknown): string {
  if (typeof v === 'string') return v.toWellFormed();
  if (Array.isArray(v)) return v.map((x) => expectedText(x)).join(',');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

const circuits = [
  {
    name: 'server-server',
    session: () => new ServerSession({ appId: 1, appKey: 'PUB', appSecretKey: 'APPSECRET', accessToken: 'tok.en-1' }),
    secret: referenceServerSecret('tok.en-1', 'APPSECRET'),
  },
  {
    name: 'client-server',
    session: () => new ClientSession({ appId: 1, appKey: 'PUB', accessToken: 'tok.en-2', sessionSecretKey: 'SSK' }),
    secret: 'SSK',
  },
  {
    name: 'app-only',
    session: () => new ServerSession({ appId: 1, appKey: 'PUB', appSecretKey: 'APPSECRET' }),
    secret: 'APPSECRET',
  },
];

describe('signature property', () => {
  for (const circuit of circuits) {
    for (const httpMethod of ['GET', 'POST'] as const) {
      it(`${circuit.name}, ${httpMethod}: sig = reference(received params)`, async () => {
        await fc.assert(
          fc.asyncProperty(params, async (p) => {
            const { fetch, seen } = recordingFetch();
            const ok = new API(circuit.session(), { fetch, httpMethod });
            await ok.call('test.anything', p);
            const received = seen[0]!.params;
            expect(received.sig).toBe(referenceSig(received, circuit.secret));
            // Every value arrives exactly as serialized, nothing more and nothing less.
            for (const [k, v] of Object.entries(p)) expect(received[k]).toBe(expectedText(v));
            const extra = Object.keys(received).filter((k) => !(k in p));
            expect(extra.sort()).toEqual(
              [
                'application_key',
                'format',
                'method',
                'sig',
                ...(circuit.name === 'app-only' ? [] : ['access_token']),
              ].sort(),
            );
          }),
          { numRuns: 150 },
        );
      });
    }
  }
});
