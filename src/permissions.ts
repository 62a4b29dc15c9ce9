// Permissions and session rules, at compile time and at run time. A client's type carries what kind of session it
// has (a user's, the application's alone, or unknown) and which permissions it declared; every method stub has a
// `this` parameter that is `unknown` (no restriction) when the call is allowed, and otherwise a `Refusal` whose one
// key names what is missing, so that the compiler's message says it:
//   The 'this' context of type 'GroupMethods<...>' is not assignable to method's 'this' of type
//   'Refusal<"Missing permission: GROUP_CONTENT">'.
// Stubs index tables computed once per client type, so a call costs lookups, not conditional types
// (bench/typecheck.ts measures it).
import type { MethodName, OkMethods } from '../generated/methods.js';
import { PERMISSIONS, type AllPermitted, type Permission } from '../generated/permissions.js';
import type { MethodInfo } from './method-info.js';
import { rowNamed } from './method-table.js';
import type { SESSION_KIND, SessionKind } from './markers.js';
import type { SessionLike } from './sessions/session.js';
import type { SessionRule } from './types.js';

export { DECLARED_PERMISSIONS, SESSION_KIND, type SessionKind } from './markers.js';

/** A verdict the compiler shows: an object type with one key that says what is wrong, which no client has. */
type Refusal<Why extends string> = { readonly [K in Why]: never };

/** A verdict per session rule (written out, not mapped: free for the type checker). */
export interface RuleVerdicts {
  readonly required: unknown;
  readonly optional: unknown;
  readonly prohibited: unknown;
  readonly unknown: unknown;
}

/** What each session rule means for each kind of session: `unknown` (allowed) or a refusal naming the rule. */
export interface RuleVerdictsByKind {
  readonly user: {
    readonly required: unknown;
    readonly optional: unknown;
    readonly prohibited: Refusal<'Session rule: prohibited (call it without a user session: an app-only ServerSession)'>;
    readonly unknown: unknown;
  };
  readonly app: {
    readonly required: Refusal<'Session rule: required (this client has no user session)'>;
    readonly optional: unknown;
    readonly prohibited: unknown;
    readonly unknown: unknown;
  };
  readonly unknown: {
    readonly required: unknown;
    readonly optional: unknown;
    readonly prohibited: unknown;
    readonly unknown: unknown;
  };
}

/** Per permission: `unknown` when granted, else a refusal naming it. Computed once per client type. */
export type PermissionVerdicts<Granted extends Permission> = {
  readonly [K in Permission]: K extends Granted ? unknown : Refusal<`Missing permission: ${K}`>;
};

/**
 * What the types know of a client, as tables that method stubs index (`C['rules']['required']`,
 * `C['perms']['GROUP_CONTENT']`): a lookup per call instead of a conditional type keeps type-checking cheap.
 */
export interface ClientContext {
  readonly rules: RuleVerdicts;
  readonly perms: AllPermitted;
  /** The permissions the client lacks (never when none are declared). */
  readonly missing: Permission;
}

/** A client about which nothing is known or declared: nothing is restricted. */
export interface OpenContext extends ClientContext {
  readonly rules: RuleVerdictsByKind['unknown'];
  readonly perms: AllPermitted;
  readonly missing: never;
}

/**
 * The kind of a session type: its marker without `undefined` (`"user" | undefined` → `"user"`), by an intersection
 * rather than a conditional type with `infer`, which cost the checker some 20 instantiations per client type. A session
 * type without a marker of its own has SessionLike's optional one: every kind, which restricts nothing.
 */
export type SessionKindOf<S extends SessionLike> = S[typeof SESSION_KIND] & SessionKind;

/**
 * The tables of a client whose session is of kind K and which may use the permissions Granted. An interface, so that
 * compiler messages name it briefly: `GroupMethods<Context<"user", "VALUABLE_ACCESS" | "PHOTO_CONTENT">>`.
 */
export interface Context<K extends SessionKind, Granted extends Permission> extends ClientContext {
  readonly rules: RuleVerdictsByKind[K];
  // A client that declared nothing gets the precomputed all-permitted table.
  readonly perms: Permission extends Granted ? AllPermitted : PermissionVerdicts<Granted>;
  readonly missing: Permission extends Granted ? never : Exclude<Permission, Granted>;
}

/** A client's tables from its session and permissions types (SessionKindOf written out: one alias fewer to expand). */
export type ContextOf<S extends SessionLike, P extends readonly Permission[]> = Context<
  S[typeof SESSION_KIND] & SessionKind,
  P[number]
>;

type MissingGate<Missing extends Permission> = [Missing] extends [never]
  ? unknown
  : Refusal<`Missing permission: ${Missing}`>;

/**
 * The `this` of a call by name: the method's rule and permissions come from OkMethods as literal types, so the
 * checker looks them up for the one method called, never for the union of all methods.
 */
export type CallGate<C extends ClientContext, M extends MethodName> = C['rules'][OkMethods[M]['session']] &
  MissingGate<Extract<OkMethods[M]['needs'], C['missing']>>;

/**
 * The permissions a call needs: the method's own, plus those that depend on parameter values (for example
 * mediatopic.post with `type: 'USER_STATUS'` needs SET_STATUS) and on the result fields asked for (users.getInfo's
 * `email` needs GET_EMAIL; `fields: false` leaves those out, as OK does: it omits such a field instead of failing).
 */
export function requiredPermissions(
  method: MethodName | MethodInfo,
  params?: object,
  options: { fields?: boolean } = {},
): Permission[] {
  const info = typeof method === 'string' ? rowNamed(method) : method;
  if (!info) return [];
  const needed = new Set<Permission>(info.permissions);
  if (params && info.rules) {
    const given = params as Record<string, unknown>;
    for (const rule of info.rules) {
      if (rule.field && options.fields === false) continue;
      const value = given[rule.param];
      if (value === undefined || value === null) continue;
      if (rule.value !== undefined && !matches(value, rule.value, info.params[rule.param]?.list ?? false)) continue;
      for (const p of rule.permissions) needed.add(p);
    }
  }
  return [...needed];
}

/** A value, or for a list (an array or a comma-joined string) one of its items, equals `wanted` in any case. */
function matches(value: unknown, wanted: string, list: boolean): boolean {
  const target = wanted.toUpperCase();
  const items = Array.isArray(value) ? value : list && typeof value === 'string' ? value.split(',') : [value];
  return items.some((item) => String(item).trim().toUpperCase() === target);
}

/** The permissions of `needed` that `granted` lacks. */
export function missingPermissions(needed: readonly Permission[], granted: readonly string[]): Permission[] {
  return needed.filter((p) => !granted.includes(p));
}

/** True for the name of a permission the spec knows. */
export function isPermission(name: string): name is Permission {
  return (PERMISSIONS as readonly string[]).includes(name);
}

/**
 * The session-rule decision, made here once for the client (before sending), the mock (after receiving, as OK does:
 * 451 and 453) and, as types, the compiler (RuleVerdictsByKind above): undefined when a call with (`hasUser`) or
 * without a user session fits the method's rule, else the rule that refuses it. An unsigned method carries no session,
 * so no rule refuses it.
 */
export function sessionRefusal(
  info: Pick<MethodInfo, 'session' | 'unsigned'>,
  hasUser: boolean,
): 'required' | 'prohibited' | undefined {
  if (info.unsigned) return undefined;
  if (info.session === 'prohibited' && hasUser) return 'prohibited';
  if (info.session === 'required' && !hasUser) return 'required';
  return undefined;
}

/** Whether a session of this kind may call a method of this rule at all. */
export function sessionAllows(rule: SessionRule, hasUser: boolean): boolean {
  return sessionRefusal({ session: rule }, hasUser) === undefined;
}
