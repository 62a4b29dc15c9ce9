// The two signature vectors of OK's docs (seed/aiookru-docs.txt, OK-API.md), at the function level.
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../src/md5.js';
import { serverSecret, sign, signatureBase } from '../src/signature.js';
import { CLIENT_VECTOR, SERVER_VECTOR } from './helpers/credentials.js';
import { md5 } from './reference/sign.js';

const params = { application_key: 'ABCDEFGHIGKLMNOPK', format: 'json', method: 'events.get' };

describe('signature', () => {
  it('builds the sorted key=value text without separators', () => {
    expect(signatureBase({ method: 'events.get', format: 'json', application_key: 'ABCDEFGHIGKLMNOPK' })).toBe(
      'application_key=ABCDEFGHIGKLMNOPKformat=jsonmethod=events.get',
    );
  });

  it('client-server vector: session_secret_key is the secret', () => {
    expect(sign(params, CLIENT_VECTOR.sessionSecretKey)).toBe(CLIENT_VECTOR.sig);
  });

  it('server-server vector: md5(access_token + application_secret_key) is the secret', () => {
    expect(serverSecret(SERVER_VECTOR.accessToken, SERVER_VECTOR.appSecretKey)).toBe(SERVER_VECTOR.secret);
    expect(sign(params, SERVER_VECTOR.secret)).toBe(SERVER_VECTOR.sig);
  });

  it('never signs sig or access_token', () => {
    const withExtras = { ...params, sig: 'whatever', access_token: CLIENT_VECTOR.accessToken };
    expect(sign(withExtras, CLIENT_VECTOR.sessionSecretKey)).toBe(CLIENT_VECTOR.sig);
  });

  it('sorts by UTF-16 code units (upper case before lower case, _ between)', () => {
    expect(signatureBase({ b: '1', B: '2', _a: '3', a_: '4', a: '5' })).toBe('B=2_a=3a=5a_=4b=1');
  });

  it('hashes the UTF-8 bytes: Cyrillic and emoji match node:crypto', () => {
    for (const text of ['Привет, мир', '😀 ok 🇷🇺', 'ĀāĂă', '']) expect(md5Hex(text)).toBe(md5(text));
  });

  it('hashes a lone surrogate as U+FFFD instead of throwing', () => {
    expect(md5Hex('a\uD800b')).toBe(md5('a\uFFFDb'));
    expect(md5Hex('\uDC00')).toBe(md5('\uFFFD'));
  });
});
