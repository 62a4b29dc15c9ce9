// Permissions and session rules, at compile time and at run time. A client's type carries what kind of session it
// has (a user's, the application's alone, or unknown) and which permissions it declared. Its method groups carry them
// on to the methods as grants (`Grants<C>`: type-only keys whose objects have one key per session rule the client
// fits and per permission it may use), and every stub that needs something has a `this` that requires those keys
// (generated `Needs`). A client that lacks one does not match, and the compiler's message names the missing key:
//   The 'this' context of type 'GroupMethods & Grants<...>' is not assignable to method's 'this' of type ...
//   Property '"Missing permission: GROUP_CONTENT"' is missing in type ...
// A client about which nothing is known (a Session of any kind, no permissions declared) grants `any`, which matches
// every need, and which every client's grants are assignable to: so an `API<ServerSession<'user'>, ...>` is an `API`.
// A group's interface does not depend on the client (no type parameter): the checker does not instantiate its
// signatures anew for each client type (bench/typecheck.ts measures it). `ok.call` and the per-method functions look
// the method up by name instead (CallGate), with the same keys in their refusals.
import type { MethodName, OkMethods } from '../generated/methods.js';
import { PERMISSIONS, type Permission } from '../generated/permissions.js';
import type { MethodInfo } from './method-info.js';
import { rowNamed } from './method-table.js';
import type { PERMISSION_GRANTS, SESSION_GRANTS, SESSION_KIND, SessionKind } from './markers.js';
import type { SessionLike } from './sessions/session.js';
import type { SessionRule } from './types.js';

export { DECLARED_PERMISSIONS, SESSION_KIND, type SessionKind } from './markers.js';

/** A verdict the compiler shows: an object type with one key that says what is wrong, which no client has. */
type Refusal<Why extends string> = { readonly [K in Why]: never };

/**
 * What each kind of session grants as to session rules: a user session may call the methods whose rule is `required`,
 * the application alone those whose rule is `prohibited`, a session of unknown kind any method. A session that may
 * be of either known kind (a union) gets a union of grants: only what both allow. The keys are the compiler's message
 * when they are missing.
 */
// biome-ignore format: the keys stay in double quotes, since compiler messages quote a key as it is written
export interface SessionGrants {
  readonly user: { readonly "Session rule: required (this client has no user session)": unknown };
  readonly app: {
    readonly "Session rule: prohibited (call it without a user session: an app-only ServerSession)": unknown;
  };
  // biome-ignore lint/suspicious/noExplicitAny: any matches every need, and every kind's grants are assignable to it
  readonly unknown: any;
}

/** What a method whose session rule is `required` needs of its client's grants: a user session. */
export interface NeedsUserSession {
  readonly [SESSION_GRANTS]: SessionGrants['user'];
}

/** What a method whose session rule is `prohibited` needs of its client's grants: no user session. */
export interface NeedsNoUserSession {
  readonly [SESSION_GRANTS]: SessionGrants['app'];
}

/** The grants of a client that declared these permissions (when not all of them): one key per permission. */
type PermissionGrants<Granted extends Permission> = { readonly [P in Granted as `Missing permission: ${P}`]: unknown };

/** The type-only part of a method group's type that carries its client's grants to the methods' `this`. */
export interface Grants<C extends ClientContext> {
  readonly [SESSION_GRANTS]: C['sessionGrants'];
  readonly [PERMISSION_GRANTS]: C['permissionGrants'];
}

/** A verdict per session rule (written out, not mapped: free for the type checker). */
export interface RuleVerdicts {
  readonly required: unknown;
  readonly optional: unknown;
  readonly prohibited: unknown;
  readonly unknown: unknown;
}

/** What each session rule means for each kind of session, for `ok.call`: `unknown` (allowed) or a refusal naming it. */
export interface RuleVerdictsByKind {
  readonly user: {
    readonly required: unknown;
    readonly optional: unknown;
    readonly prohibited: Refusal<keyof SessionGrants['app']>;
    readonly unknown: unknown;
  };
  readonly app: {
    readonly required: Refusal<keyof SessionGrants['user']>;
    readonly optional: unknown;
    readonly prohibited: unknown;
    readonly unknown: unknown;
  };
  readonly unknown: RuleVerdicts;
}

/** What the types know of a client: its grants (for the groups' methods) and its verdicts (for calls by name). */
export interface ClientContext {
  /** The keys the methods' `this` types require (generated `Needs`): per session rule the client fits... */
  readonly sessionGrants: unknown;
  /** ... and per permission it may use; `any` for all. */
  readonly permissionGrants: unknown;
  readonly rules: RuleVerdicts;
  /** The permissions the client lacks (never when none are declared). */
  readonly missing: Permission;
}

/** A client about which nothing is known or declared: nothing is restricted. */
export interface OpenContext extends ClientContext {
  readonly sessionGrants: SessionGrants['unknown'];
  readonly permissionGrants: SessionGrants['unknown'];
  readonly rules: RuleVerdicts;
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
 * compiler messages name it briefly: `GroupMethods & Grants<Context<"user", "VALUABLE_ACCESS" | "PHOTO_CONTENT">>`.
 */
export interface Context<K extends SessionKind, Granted extends Permission> extends ClientContext {
  readonly sessionGrants: SessionGrants[K];
  // A client that declared nothing (or every permission) may use any.
  readonly permissionGrants: Permission extends Granted ? SessionGrants['unknown'] : PermissionGrants<Granted>;
  readonly rules: RuleVerdictsByKind[K];
  readonly missing: Permission extends Granted ? never : Exclude<Permission, Granted>;
}

/** A client's tables from its session and permissions types (SessionKindOf written out: one alias fewer to expand). */
export type ContextOf<S extends SessionLike, P extends readonly Permission[]> = Context<
  S[typeof SESSION_KIND] & SessionKind,
  P[number]
>;

/** The refusal of a call by name that needs permissions the client lacks: the same key as a group method's. */
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
