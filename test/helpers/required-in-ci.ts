// Tests that need a program Debian installs (Chromium, redis-server) skip where it is missing, except in CI, where a
// missing program must fail them: `.ci/run` sets OKRU_<NAME>_TEST=required, and most CI services set CI=true.
export function requiredInCi(variable: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.toLowerCase();
  return env[variable] === 'required' || (!!ci && ci !== 'false' && ci !== '0');
}
