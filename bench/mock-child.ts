// The okru mock in a process of its own, for benches whose client must not share an event loop with the server (a
// server busy building answers delays the client's timers, and the other way round, which blurs the timing the
// bench measures). Options come as JSON in argv[2]; it reports its URL, then its stats whenever asked, over IPC.
import { createMockServer, type MockServerOptions } from '../src/mock/index.js';

if (process.send) {
  const mock = await createMockServer(JSON.parse(process.argv[2] ?? '{}') as MockServerOptions);
  process.send({ url: mock.url });
  process.on('message', (message: string) => {
    if (message === 'stats') process.send!({ stats: mock.stats });
    if (message === 'exit') void mock.close().then(() => process.exit(0));
  });
}
