// The types of the tree-shakeable per-method functions (generated/groups/*.ts, the `okru/methods` entry):
// `await usersGetInfo(client, { uids, fields })`. A bundle that uses one of them carries its row and the core client,
// not the table of every method.
import type { OkMethods } from '../generated/methods.js';
import type { Permission } from '../generated/permissions.js';
import type { Client } from './client.js';
import type { MethodInfo } from './method-info.js';
import type { CallGate, ContextOf } from './permissions.js';
import type { SessionLike } from './sessions/session.js';
import type { CallOptions } from './transport/call-options.js';

/** The arguments after the method name: `params` may be omitted when the method has no required parameter. */
export type ParamsArgs<M extends keyof OkMethods> = OkMethods[M]['paramsOptional'] extends true
  ? [params?: OkMethods[M]['params'], options?: CallOptions]
  : [params: OkMethods[M]['params'], options?: CallOptions];

/**
 * A method as a function of a client. The client's type is checked like the method stubs: a client that may not call
 * the method does not compile, with a message naming the missing permission or the session rule.
 */
export type MethodFunction<M extends keyof OkMethods> = <S extends SessionLike, P extends readonly Permission[]>(
  client: Client<S, P> & CallGate<ContextOf<S, P>, M>,
  ...args: ParamsArgs<M>
) => Promise<OkMethods[M]['result']>;

/** What a per-method function needs of the client it is given: that it calls a method by its row. */
export interface Invoker {
  invoke(method: string, info: MethodInfo | undefined, params?: object, options?: CallOptions): Promise<unknown>;
}
