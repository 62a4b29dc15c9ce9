// OK's docs say a few methods (video.update, video.delete) answer an empty body when they succeed; their rows say so
// (spec `result.emptyOnSuccess`), and such an answer is their result, undefined. Any other method's empty answer is
// still an OkResponseError, and an error object is still OK's error for them too.
import { describe, expect, it } from 'vitest';
import { API, OkApiError, OkResponseError, ServerSession, METHODS } from '../src/index.js';
import { recordingFetch } from './helpers/wire.js';

function client(body: string) {
  const wire = recordingFetch(
    () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  const ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
    fetch: wire.fetch,
  });
  return { ok, seen: wire.seen };
}

describe('an empty answer', () => {
  it('the rows of video.update and video.delete, and only theirs, say they answer nothing on success', () => {
    const names = Object.values(METHODS)
      .filter((row) => row.emptyOnSuccess)
      .map((row) => row.name);
    expect(names.sort()).toEqual(['video.delete', 'video.update']);
  });

  it('is the result of video.update and video.delete: undefined, and the call went as usual', async () => {
    const { ok, seen } = client('');
    await expect(ok.video.update({ vid: '4470582224922', title: 'Trip' })).resolves.toBeUndefined();
    expect(seen[0]!.params).toMatchObject({ method: 'video.update', vid: '4470582224922', title: 'Trip' });
    await expect(client(' \r\n').ok.video.delete({ vid: '4470582224922' })).resolves.toBeUndefined();
    await expect(client('').ok.call('video.delete', { vid: '1' })).resolves.toBeUndefined();
  });

  it('a JSON answer of theirs is still their result, and an error object OK error', async () => {
    await expect(client('{"success":true}').ok.video.update({ vid: '1' })).resolves.toEqual({ success: true });
    const error = await client('{"error_code":100,"error_msg":"PARAM : vid"}')
      .ok.video.update({ vid: '1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkApiError);
    expect((error as OkApiError).code).toBe(100);
  });

  it('of any other method is an OkResponseError, as any answer that is not JSON', async () => {
    const error = await client('')
      .ok.users.getLoggedInUser()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OkResponseError);
    expect((error as OkResponseError).message).toContain('users.getLoggedInUser');
    await expect(client('').ok.call('brandnew.method')).rejects.toBeInstanceOf(OkResponseError);
  });
});
