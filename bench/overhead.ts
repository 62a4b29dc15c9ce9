// Per-call overhead on the same stubbed fetch: an okru call (checks, serialization, signing, the exchange with its
// deadline), a bare ky call (the HTTP layer okru used before, and the reference of the target) and a raw fetch call, each reading and parsing the same JSON body. Median of several rounds.
import ky from 'ky';
import { API, ServerSession } from '../src/index.js';

const BODY = JSON.stringify([{ uid: '575662066926', first_name: 'Иван', pic_1: 'https://i.mycdn.me/i?r=abc' }]);
const URL_ =
  'https://api.ok.ru/fb.do?application_key=CBAQKFABABABABABA&format=json&method=users.getInfo&uids=575662066926%2C1&fields=first_name%2Cpic_1&sig=0123456789abcdef0123456789abcdef&access_token=tkn';

const stubFetch = (async () => new Response(BODY, { headers: { 'content-type': 'application/json' } })) as typeof fetch;

async function timePerCall(run: () => Promise<unknown>, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1e3 / calls;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface OverheadResult {
  rawFetch: number;
  bareKy: number;
  okru: number;
}

export async function measureOverhead(calls = 5000, rounds = 15): Promise<OverheadResult> {
  const kyInstance = ky.create({ retry: 0, throwHttpErrors: false, fetch: stubFetch });
  const ok = new API(
    new ServerSession({ appId: 1, appKey: 'CBAQKFABABABABABA', appSecretKey: 'secret', accessToken: 'tkn' }),
    { fetch: stubFetch },
  );
  const runs = {
    rawFetch: async () => JSON.parse(await (await stubFetch(URL_)).text()),
    bareKy: async () => JSON.parse(await (await kyInstance(URL_)).text()),
    okru: () => ok.users.getInfo({ uids: ['575662066926', '1'], fields: ['first_name', 'pic_1'] }),
  };
  const results: Record<keyof OverheadResult, number[]> = { rawFetch: [], bareKy: [], okru: [] };
  for (const run of Object.values(runs)) await timePerCall(run, 500); // warm up
  for (let r = 0; r < rounds; r++) {
    // Interleave so that drift in machine load hits all three alike.
    for (const [name, run] of Object.entries(runs))
      results[name as keyof OverheadResult].push(await timePerCall(run, calls));
  }
  return { rawFetch: median(results.rawFetch), bareKy: median(results.bareKy), okru: median(results.okru) };
}
