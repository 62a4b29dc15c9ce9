// Permissions and session rules, at compile time and at run time. A client's type carries what kind of session it
// has (a user's, the application's alone, or unknown) and which permissions it declared; every method stub has a
// `this` parameter computed by Gate, which is `unknown` (no restriction) when the call is allowed, and otherwise a
// string type that names what is missing, so that the compiler's message says it:
//   The 'this' context of type 'GroupMethods<...>' is not assignable to method's 'this' of type
//   '"Missing permission: GROUP_CONTENT"'.
// Gate is one conditional type per call: cheap for the type checker (bench/typecheck.ts).
import { PERMISSIONS, type Permission } from '../generated/permissions.js';
import type { MethodInfo } from './method-info.js';
import type { SessionRule } from './types.js';

/** What a session is, as far as the types know: a user's session, the application's alone, or unknown. */
export type SessionKind = 'user' | 'app' | 'unknown';

/** The key of the type-only marker a session's kind is kept under. */
export const SESSION_KIND: unique symbol = Symbol('okru.sessionKind');
/** The key of the type-only marker a client's declared permissions are kept under. */
export const DECLARED_PERMISSIONS: unique symbol = Symbol('okru.declaredPermissions');

/** What the types know of a client: the kind of its session and the permissions it may use. */
export interface ClientContext {
  readonly session: SessionKind;
  readonly permissions: Permission;
}

/** A client about which nothing is known or declared: nothing is restricted. */
export interface OpenContext extends ClientContext {
  readonly session: 'unknown';
  readonly permissions: Permission;
}

export type SessionKindOf<S> = S extends { readonly [SESSION_KIND]?: infer K extends SessionKind } ? K : 'unknown';

export type ContextOf<S, P extends readonly Permission[]> = { readonly session: SessionKindOf<S>; readonly permissions: P[number] };

type MissingPermissions<C extends ClientContext, Needs extends Permission> = Exclude<Needs, C['permissions']>;

/** `unknown` when the client may call a method of this rule needing these permissions; else what is missing. */
export type Gate<C extends ClientContext, Rule extends SessionRule, Needs extends Permission> = C['session'] extends 'app'
  ? Rule extends 'required'
    ? 'Session rule: required (this client has no user session)'
    : PermissionGate<C, Needs>
  : C['session'] extends 'user'
    ? Rule extends 'prohibited'
      ? 'Session rule: prohibited (call it without a user session: an app-only ServerSession)'
      : PermissionGate<C, Needs>
    : PermissionGate<C, Needs>;

type PermissionGate<C extends ClientContext, Needs extends Permission> = [MissingPermissions<C, Needs>] extends [never]
  ? unknown
  : `Missing permission: ${MissingPermissions<C, Needs>}`;

/** For generic params types: keys a params object may not have beyond the method's. */
export type NoExtraKeys<T, Params> = { readonly [K in Exclude<keyof T, keyof Params>]: never };

/**
 * The permissions a call needs: the method's own, plus those that depend on parameter values (for example
 * mediatopic.post with `type: 'USER_STATUS'` needs SET_STATUS).
 */
export function requiredPermissions(info: MethodInfo, params?: object): Permission[] {
  const needed = new Set<Permission>(info.permissions);
  if (params && info.paramPermissions) {
    const given = params as Record<string, unknown>;
    for (const rule of info.paramPermissions) {
      const value = given[rule.param];
      if (value === undefined || value === null) continue;
      if (rule.value !== undefined && String(value).toUpperCase() !== rule.value.toUpperCase()) continue;
      for (const p of rule.permissions) needed.add(p);
    }
  }
  return [...needed];
}

/** The permissions of `needed` that `granted` lacks. */
export function missingPermissions(needed: readonly Permission[], granted: readonly string[]): Permission[] {
  return needed.filter((p) => !granted.includes(p));
}

/** True for the name of a permission the spec knows. */
export function isPermission(name: string): name is Permission {
  return (PERMISSIONS as readonly string[]).includes(name);
}

/** Whether a session of this kind may call a method of this rule at all. */
export function sessionAllows(rule: SessionRule, hasUser: boolean): boolean {
  return !((rule === 'prohibited' && hasUser) || (rule === 'required' && !hasUser));
}
