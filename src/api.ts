// The full client: every method group (`ok.users.getInfo(...)`) and `call` by name, typed from the spec, with the
// session rule and permissions of each method checked at compile time and, on request, at run time.
import { GROUP_PROPERTIES, type OkGroups } from '../generated/api-groups.js';
import type { MethodName, OkMethods } from '../generated/methods.js';
import type { Permission } from '../generated/permissions.js';
import { Client, type ClientOptions } from './client.js';
import { groupMethods } from './group-methods.js';
import type { ParamsArgs } from './method-function.js';
import type { CallOptions } from './transport/call-options.js';
import { OkConfigError, OkPermissionError } from './errors.js';
import type { MethodInfo } from './method-info.js';
import { rowNamed } from './method-table.js';
import {
  isPermission,
  missingPermissions,
  requiredPermissions,
  sessionAllows,
  type CallGate,
  type ContextOf,
} from './permissions.js';
import type { Session, SessionLike } from './sessions/session.js';

export interface APIOptions<P extends readonly Permission[] = readonly Permission[]> extends ClientOptions {
  /**
   * The permissions the user granted this app. Declared, they make a call that needs another one a compile error
   * naming it (no `as const` needed), and they answer `canCall`.
   */
  permissions?: P;
  /** Throw OkPermissionError before sending a call that needs a permission not declared or granted. */
  checkPermissions?: boolean;
}

/** The method groups, typed by what the client's type knows of its session and permissions (OkGroups). */
export interface API<S extends SessionLike = Session, P extends readonly Permission[] = readonly Permission[]>
  extends OkGroups<ContextOf<S, P>> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the groups are installed on each instance by the constructor (Object.defineProperties), which the interface describes
export class API<
  S extends SessionLike = Session,
  const P extends readonly Permission[] = readonly Permission[],
> extends Client<S, P> {
  readonly #declared: readonly Permission[] | undefined;
  readonly #checkPermissions: boolean;

  constructor(session: S, options: APIOptions<P> = {}) {
    super(session, options);
    defineGroups(this as unknown as Client);
    if (options.permissions !== undefined) {
      if (!Array.isArray(options.permissions))
        throw new OkConfigError('API: permissions must be a list of permission names');
      const unknown = options.permissions.filter((p) => typeof p !== 'string' || !isPermission(p));
      if (unknown.length)
        throw new OkConfigError(
          `API: unknown permission${unknown.length > 1 ? 's' : ''} ${unknown.map(String).join(', ')}`,
        );
      this.#declared = [...options.permissions];
    }
    this.#checkPermissions = options.checkPermissions ?? false;
  }

  /**
   * Calls a method by its OK name, typed and checked by that name: `await ok.call('friends.get', { fid })`.
   * A name the spec does not know (a method newer than the spec) is sent as it is, unchecked and untyped.
   */
  call<M extends MethodName>(
    this: NoInfer<CallGate<ContextOf<S, P>, M>>,
    method: M,
    // NoInfer: M comes from the name alone; inferring it from the params too would make the checker weigh every method.
    ...args: NoInfer<ParamsArgs<M>>
  ): Promise<OkMethods[M]['result']>;
  call<M extends string>(
    method: M extends MethodName ? never : M,
    params?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<unknown>;
  call(method: string, params?: object, options?: CallOptions): Promise<unknown> {
    return this.invoke(method, rowNamed(method), params, options);
  }

  /** The permissions this client may use: those declared, else those the session was granted; undefined if neither is known. */
  get permissions(): readonly string[] | undefined {
    return this.#declared ?? (this.session as unknown as Session).permissionsGranted;
  }

  /**
   * Whether this client may call a method (with these params, for permissions that depend on them): its session fits
   * the method's session rule, and the declared or granted permissions cover what it needs. True when nothing is
   * known (a method the spec lacks, no permissions declared or granted).
   */
  canCall(method: MethodName | (string & {}), params?: object): boolean {
    const info = rowNamed(method);
    if (!info) return true;
    if (!sessionAllows(info.session, this.session.hasUser)) return false;
    const granted = this.permissions;
    return granted === undefined || missingPermissions(requiredPermissions(info, params), granted).length === 0;
  }

  protected override checkCall(method: string, info: MethodInfo | undefined, params: object | undefined): void {
    if (!this.#checkPermissions || !info) return;
    const granted = this.permissions;
    if (granted === undefined) return;
    const missing = missingPermissions(requiredPermissions(info, params), granted);
    if (missing.length) throw new OkPermissionError(method, missing);
  }
}

/**
 * The groups are getters on the instance, made from the generated list: each builds its group on first use
 * (group-methods.ts) and leaves a plain property behind. Made in the constructor rather than on the prototype at
 * import, so that the module has no side effect and a bundle that does not use API leaves it and the table out.
 */
function defineGroups(client: Client): void {
  for (const property in GROUP_PROPERTIES) {
    const group = GROUP_PROPERTIES[property as keyof typeof GROUP_PROPERTIES];
    Object.defineProperty(client, property, {
      get: () => groupMethods(client, group, property),
      configurable: true,
      enumerable: false,
    });
  }
}
