// `okru mock`: the local mock OK server (API, OAuth dialog and token endpoint, photo uploads) until Ctrl+C.
import {
  createMockServer,
  DEFAULT_LIMITS,
  DEMO_CONFIG,
  loadMockConfig,
  parseFaults,
  type CorsOrigin,
  type FaultOptions,
  type MockConfig,
} from '../../mock/index.js';
import { integerOption, listOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { out } from '../output.js';

/** The mock's own checks throw TypeError with a message naming the file or option: that is a usage error here. */
function asUsage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

/** The same for checks that run when the server starts (a malformed --cors-origin). */
async function asUsageAsync<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message.replace(/^corsOrigin:/, '--cors-origin:'));
    throw error;
  }
}

function describeFaults(faults: FaultOptions): string {
  const parts: string[] = [];
  if (faults.latencyMs !== undefined)
    parts.push(`latency ${typeof faults.latencyMs === 'number' ? faults.latencyMs : faults.latencyMs.join('-')} ms`);
  if (faults.errorRate) parts.push(`OK errors ${faults.errorRate * 100}%`);
  if (faults.httpErrorRate) parts.push(`HTTP errors ${faults.httpErrorRate * 100}%`);
  if (faults.dropRate) parts.push(`dropped connections ${faults.dropRate * 100}%`);
  if (faults.stallRate) parts.push(`stalls ${faults.stallRate * 100}%`);
  if (faults.lostAnswerRate) parts.push(`lost answers ${faults.lostAnswerRate * 100}%`);
  return parts.join(', ');
}

/** `--cors-origin`: `*`, `none`, or a comma-separated list of origins. */
function corsOriginOption(list: string[] | undefined): CorsOrigin | undefined {
  if (list === undefined) return undefined;
  if (list.length === 1 && list[0] === 'none') return false;
  return list.length === 1 ? list[0]! : list;
}

/** The demo world's credentials: fake, known to everyone, and printed so that the mock can be tried at once. */
function printDemoCredentials(url: string): void {
  const app = DEMO_CONFIG.apps[0]!;
  const user = DEMO_CONFIG.users[0]!;
  out('');
  out('Demo credentials. They are fake, valid only on this mock, and printed on purpose:');
  out(`  app id              ${app.appId}`);
  out(`  app key             ${app.appKey}`);
  out(`  app secret key      ${app.appSecretKey}`);
  out(`  user                ${user.name} (uid ${user.uid})`);
  out(`  login / password    ${user.login} / ${user.password}`);
  out(`  access token        ${user.accessToken}`);
  out(`  session secret key  ${user.sessionSecretKey}`);
  out('');
  out('Try it from another shell:');
  out(`  export OKRU_BASE_URL=${url} OKRU_APP_ID=${app.appId} OKRU_APP_KEY=${app.appKey} \\`);
  out(`         OKRU_APP_SECRET_KEY=${app.appSecretKey} OKRU_ACCESS_TOKEN=${user.accessToken}`);
  out('  okru call friends.get');
}

export const mockCommand: Command = {
  name: 'mock',
  summary: 'run a local mock OK server with demo data',
  usage:
    'mock [--port N] [--host H] [--config FILE] [--seed N] [--faults SPEC] [--cors-origin ORIGINS] [--max-connections N] [--call-limit N]',
  description: [
    'Runs a mock of OK on this machine: fb.do and /api/<group>/<method>, the OAuth dialog and',
    'oauth/token.do, and photo upload URLs, all checked against the spec. Without --config it serves',
    'the demo app and users and prints their (fake) credentials. Stops on Ctrl+C.',
    '',
    '--faults injects failures into API calls, seeded so that a run repeats:',
    '  latency=MS or MIN-MAX, error=RATE (OK errors 2 and 8), http=RATE (HTTP 5xx), drop=RATE (dropped',
    '  before the call), stall=RATE (no answer at all), lost=RATE (carried out, then dropped), seed=N',
    '',
    "--call-limit N answers calls beyond N a second per app with OK's 8 FLOOD_BLOCKED, as OK does; per method",
    'limits go in the config file ("callLimits": { "perApp": 100, "perMethod": { "users.getInfo": 5 } }).',
    '',
    'The API, token and upload endpoints answer browsers of any origin (CORS) unless --cors-origin says otherwise.',
  ].join('\n'),
  options: {
    port: { type: 'string', short: 'p', value: 'N', help: 'the port, 0 (the default) for a free one' },
    host: { type: 'string', value: 'HOST', help: 'the address to listen on, 127.0.0.1 by default' },
    config: { type: 'string', value: 'FILE', help: 'apps and users from a JSON file instead of the demo data' },
    seed: { type: 'string', value: 'N', help: 'seeds ids, secrets and faults (1 by default)' },
    faults: { type: 'string', value: 'SPEC', help: 'inject faults, e.g. latency=50,error=0.1,http=0.05,drop=0.02' },
    'cors-origin': {
      type: 'string',
      value: 'ORIGINS',
      help: 'origins browsers may call from: * (the default), a comma-separated list, or none',
    },
    'call-limit': { type: 'string', value: 'N', help: 'most API calls a second per app (8 FLOOD_BLOCKED beyond)' },
    'max-connections': {
      type: 'string',
      value: 'N',
      help: `most open connections, ${DEFAULT_LIMITS.maxConnections} by default`,
    },
  },
  examples: [
    'okru mock --port 8788',
    'okru mock --faults latency=20-80,error=0.1 --seed 7',
    'okru mock --cors-origin http://localhost:5173',
  ],

  async run({ values, positionals }) {
    if (positionals.length) throw new UsageError(`mock takes no arguments, got '${positionals[0]}'`);
    const port = integerOption(values, 'port', 0, 65535) ?? 0;
    const seed = integerOption(values, 'seed', -(2 ** 31), 2 ** 31 - 1);
    const configFile = stringOption(values, 'config');
    const config: MockConfig | undefined =
      configFile === undefined ? undefined : asUsage(() => loadMockConfig(configFile));
    const faultText = stringOption(values, 'faults');
    const faults = faultText === undefined ? undefined : asUsage(() => parseFaults(faultText));
    const host = stringOption(values, 'host') ?? '127.0.0.1';
    const corsOrigin = corsOriginOption(listOption(values, 'cors-origin'));
    const maxConnections = integerOption(values, 'max-connections', 1, 1_000_000);
    const callLimit = integerOption(values, 'call-limit', 1, 1_000_000);
    const base = config ?? (callLimit !== undefined ? DEMO_CONFIG : undefined);
    const served =
      base && callLimit !== undefined ? { ...base, callLimits: { ...base.callLimits, perApp: callLimit } } : base;

    const mock = await asUsageAsync(() =>
      createMockServer({
        port,
        host,
        ...(served ? { config: served } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(faults ? { faults } : {}),
        ...(corsOrigin !== undefined ? { corsOrigin } : {}),
        ...(maxConnections !== undefined ? { limits: { maxConnections } } : {}),
      }),
    );
    // A host name or IPv6 address may differ from what the server reports; show the one asked for.
    const url = host === '127.0.0.1' ? mock.url : `http://${host.includes(':') ? `[${host}]` : host}:${mock.port}/`;
    out(`okru mock OK API listening on ${url}`);
    if (faults && describeFaults(faults)) out(`Injected faults: ${describeFaults(faults)}`);
    if (callLimit !== undefined) out(`Call limit: ${callLimit} a second per app (8 FLOOD_BLOCKED beyond)`);
    if (corsOrigin !== undefined)
      out(
        `CORS: ${corsOrigin === false ? 'off' : `browsers may call from ${typeof corsOrigin === 'string' ? corsOrigin : corsOrigin.join(', ')}`}`,
      );
    if (config) out(`Serving ${config.apps.length} app(s) and ${config.users.length} user(s) from ${configFile}`);
    else printDemoCredentials(url);
    out('');
    out('Press Ctrl+C to stop.');

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await mock.close();
    return 0;
  },
};
