// The config file's writes: owner-only, atomic (a temporary file renamed over the old one), and clean: the temporary
// file is removed when a write fails, and ones that crashed processes left are removed by the next write.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mockConfigPath, writeConfig } from '../src/cli/config-file.js';

const home = mkdtempSync(join(tmpdir(), 'okru-config-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('writeConfig', () => {
  it('writes the file 0600 in a 0700 directory, and leaves no temporary file', () => {
    const path = join(home, 'a', 'okru', 'config.json');
    writeConfig(path, { appId: 1, accessToken: 'tok' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ appId: 1, accessToken: 'tok' });
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(home, 'a', 'okru')).mode & 0o777).toBe(0o700);
    }
    expect(readdirSync(join(home, 'a', 'okru'))).toEqual(['config.json']);
  });

  it('removes temporary files left by processes that no longer run, not those of live ones', () => {
    const dir = join(home, 'b');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'config.json');
    // A pid far above any real one: no such process.
    writeFileSync(`${path}.4194300.tmp`, '{"accessToken": "half');
    writeFileSync(`${path}.${process.ppid}.tmp`, 'a live process is writing this');
    writeConfig(path, { appId: 2 });
    expect(readdirSync(dir).sort()).toEqual(['config.json', `config.json.${process.ppid}.tmp`]);
  });

  it('a failed write throws and leaves no temporary file behind, nor a changed config', () => {
    const dir = join(home, 'c');
    const path = join(dir, 'config.json');
    writeConfig(path, { appId: 3 });
    // A directory where the temporary file must go: the write fails after the temporary file could not be made.
    mkdirSync(`${path}.${process.pid}.tmp`);
    expect(() => writeConfig(path, { appId: 4 })).toThrow();
    rmSync(`${path}.${process.pid}.tmp`, { recursive: true });
    // The rename fails: the target is a non-empty directory.
    const blocked = join(dir, 'blocked.json');
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    expect(() => writeConfig(blocked, { appId: 5 })).toThrow();
    expect(existsSync(`${blocked}.${process.pid}.tmp`)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ appId: 3 });
  });

  it('login --mock keeps its demo tokens beside the config, in a file of their own', () => {
    expect(mockConfigPath('/home/u/.config/okru/config.json')).toBe('/home/u/.config/okru/mock-login.json');
  });
});
