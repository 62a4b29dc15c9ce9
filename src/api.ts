// The full client: every method group (`ok.users.getInfo(...)`) and `call` by name, typed from the spec.
import { ApiGroups } from '../generated/api-groups.js';
import { METHODS, type MethodName, type OkMethods } from '../generated/methods.js';
import type { ClientOptions } from './client.js';
import type { ParamsArgs } from './define-method.js';
import type { MethodInfo } from './method-info.js';
import type { Session } from './sessions/session.js';

export type APIOptions = ClientOptions;

export class API<S extends Session = Session> extends ApiGroups<S> {
  /**
   * Calls a method by its OK name, typed by that name: `await ok.call('friends.get', { fid })`.
   * A name the spec does not know (a method newer than the spec) is sent as it is, unchecked and untyped.
   */
  call<M extends MethodName>(method: M, ...args: ParamsArgs<M>): Promise<OkMethods[M]['result']>;
  call<M extends string>(method: M extends MethodName ? never : M, params?: Record<string, unknown>): Promise<unknown>;
  call(method: string, params?: object): Promise<unknown> {
    return this.invoke(method, (METHODS as unknown as Record<string, MethodInfo | undefined>)[method], params);
  }
}
