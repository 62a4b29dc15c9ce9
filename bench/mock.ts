// The mock server's start-up time and throughput: signed friends.get calls (app-only circuit) from concurrent
// keep-alive clients for a few seconds, in this process (so client and server share the 2 cores).
import { createMockServer, DEMO_CONFIG } from '../src/mock/index.js';
import { sign } from '../src/index.js';

export async function measureMock(seconds = 3, concurrency = 16) {
  const starts: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const server = await createMockServer({ seed: i });
    starts.push(performance.now() - t);
    await server.close();
  }
  starts.sort((a, b) => a - b);

  const mock = await createMockServer();
  const app = DEMO_CONFIG.apps[0]!;
  const params: Record<string, string> = { application_key: app.appKey, format: 'json', method: 'friends.get', uid: DEMO_CONFIG.users[0]!.uid };
  params.sig = sign(params, app.appSecretKey);
  const url = `${mock.url}fb.do?${new URLSearchParams(params)}`;
  let done = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const res = await fetch(url);
        const body = await res.text();
        if (body.includes('error_code')) failed++;
        done++;
      }
    }),
  );
  await mock.close();
  return { startMs: starts[Math.floor(starts.length / 2)]!, requestsPerSecond: done / seconds, failed, concurrency };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureMock());
