// The keys of type-only markers: a session's kind and a client's declared permissions live in the types alone (no
// value is ever stored under them). Their own module, with no imports, so that sessions stay small.

/** What a session is, as far as the types know: a user's session, the application's alone, or unknown. */
export type SessionKind = 'user' | 'app' | 'unknown';

/** The key of the type-only marker a session's kind is kept under. */
export const SESSION_KIND: unique symbol = Symbol('okru.sessionKind');
/** The key of the type-only marker a client's declared permissions are kept under. */
export const DECLARED_PERMISSIONS: unique symbol = Symbol('okru.declaredPermissions');
/**
 * The keys of a method group's type-only grants (src/permissions.ts): as to session rules, and as to permissions. No
 * value has them (declarations only, nothing at run time), and code without the symbols in scope cannot name them, so
 * editors do not offer them.
 */
export declare const SESSION_GRANTS: unique symbol;
export declare const PERMISSION_GRANTS: unique symbol;
