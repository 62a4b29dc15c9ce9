// What a parameter value becomes on the wire: the same string is signed and sent.
import { describe, expect, it } from 'vitest';
import { MEDIATOPIC_POST } from '../generated/groups/mediatopic.js';
import { serializeParams, serializeValue } from '../src/serialize.js';

describe('serializeValue', () => {
  it('keeps strings as they are, Cyrillic and emoji included', () => {
    expect(serializeValue('Привет 😀')).toBe('Привет 😀');
  });
  it('makes a lone surrogate well-formed (U+FFFD), so the signed and the sent text agree', () => {
    expect(serializeValue('x\uD83Dy')).toBe('x\uFFFDy');
    expect(serializeValue(['a\uDC00'])).toBe('a\uFFFD');
    // JSON keeps it losslessly as an escape, which is plain ASCII.
    expect(serializeValue({ t: 'a\uD800' })).toBe('{"t":"a\\ud800"}');
  });
  it('keeps 0, false and the empty string', () => {
    expect(serializeValue(0)).toBe('0');
    expect(serializeValue(false)).toBe('false');
    expect(serializeValue('')).toBe('');
    expect(serializeValue(true)).toBe('true');
  });
  it('drops undefined and null', () => {
    expect(serializeValue(undefined)).toBeUndefined();
    expect(serializeValue(null)).toBeUndefined();
  });
  it('writes numbers and bigints in decimal', () => {
    expect(serializeValue(575662066926)).toBe('575662066926');
    expect(serializeValue(12345678901234567890n)).toBe('12345678901234567890');
    expect(serializeValue(-1.5)).toBe('-1.5');
  });
  it('comma-joins lists of scalars, bigint ids included', () => {
    expect(serializeValue(['575662066926', 1, 9007199254740993n, true])).toBe('575662066926,1,9007199254740993,true');
    expect(serializeValue([])).toBe('');
  });
  it('JSON-encodes plain objects and lists holding objects, bigints as strings', () => {
    expect(serializeValue({ media: [{ type: 'text', text: 'Hi' }] })).toBe('{"media":[{"type":"text","text":"Hi"}]}');
    expect(serializeValue([{ photo_id: 'a', token: 't' }])).toBe('[{"photo_id":"a","token":"t"}]');
    expect(serializeValue({ id: 9007199254740993n })).toBe('{"id":"9007199254740993"}');
  });
  it('JSON-encodes whatever a JSON parameter gets, except a string (already JSON)', () => {
    const json = { kind: 'json' } as const;
    expect(serializeValue([1, 2], json)).toBe('[1,2]');
    expect(serializeValue(true, json)).toBe('true');
    expect(serializeValue('{"a":1}', json)).toBe('{"a":1}');
  });
});

describe('serializeParams', () => {
  it('serializes every parameter in order and leaves out the unset ones', () => {
    expect(
      serializeParams(
        {
          attachment: { media: [{ type: 'text', text: 'Привет' }] },
          uid: 42n,
          type: undefined,
          hidden_post: false,
          extra: null,
        },
        MEDIATOPIC_POST.params,
      ),
    ).toEqual({ attachment: '{"media":[{"type":"text","text":"Привет"}]}', uid: '42', hidden_post: 'false' });
  });
});
