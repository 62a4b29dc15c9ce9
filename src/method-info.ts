// What okru knows of each method at run time: one readable row per method in the METHODS table (generated/methods.ts),
// used for input checks, serialization, signing and the session-rule and permission checks.
import type { Permission } from '../generated/permissions.js';
import type { SessionRule } from './types.js';

/** How a parameter's values are checked and sent: string (and enums), id, integer (and long), number, boolean, json. */
export type ParamKind = 'string' | 'id' | 'integer' | 'number' | 'boolean' | 'json';

export interface ParamInfo {
  readonly kind: ParamKind;
  /** A list, sent comma-joined (a JSON parameter holding a list is one JSON value). */
  readonly list?: boolean;
  readonly required?: boolean;
  /** Limits from the spec: the items of a list, the length of a string, or the value of a number. */
  readonly min?: number;
  readonly max?: number;
  /** The enum its values come from (generated/enums.ts). */
  readonly enum?: string;
  /** The model its JSON value has the shape of (generated/models.ts), `[]` for a list of them: `PhotosV2CommitItem[]`. */
  readonly model?: string;
}

/**
 * A permission a call needs when a parameter is given (`value` undefined) or has a value; with `field`, when the field
 * list `param` names the result field `value` (OK then returns the field only with the permission).
 */
export interface ParamPermission {
  readonly param: string;
  readonly value?: string;
  readonly field?: boolean;
  readonly permissions: readonly Permission[];
}

/**
 * How a method pages (spec `paging`): `anchor` sends the previous page's `nextCursor` as `cursor`; `offset` sends the
 * index of the next item; `page` the next page number. `count` sets the page size, `direction` the way from the anchor.
 */
export interface PagingInfo {
  readonly style: 'anchor' | 'offset' | 'page';
  readonly cursor?: string;
  readonly direction?: string;
  readonly count?: string;
  /** The result property holding the page's items. */
  readonly items: string;
  readonly nextCursor?: string;
  readonly hasMore?: string;
  readonly total?: string;
}

/** A read of many ids (spec `batch`): the id list `param` (at most `max`), and where the items and their ids are. */
export interface BatchInfo {
  readonly param: string;
  readonly max: number;
  /** The result property holding the items; absent when the result is the list itself. */
  readonly items?: string;
  /** The item property holding the id it answers for. */
  readonly key: string;
}

export interface MethodInfo {
  /** OK's name of the method, e.g. `users.getInfo`. */
  readonly name: string;
  readonly session: SessionRule;
  readonly permissions: readonly Permission[];
  /** Repeating the call has no further effect, so it is safe to retry. */
  readonly idempotent: boolean;
  /** Sent without a signature and without session parameters (sdk.init). */
  readonly unsigned?: boolean;
  /** OK answers an empty body when it succeeds (video.update): the result is then undefined, not an error. */
  readonly emptyOnSuccess?: boolean;
  readonly params: { readonly [name: string]: ParamInfo };
  /** Permissions that depend on parameters (mediatopic.post's `gid`) or on the fields asked for (`email`). */
  readonly rules?: readonly ParamPermission[];
  /** How the method pages, for paginate(). */
  readonly paging?: PagingInfo;
  /** How calls of the method may be merged and split by their ids, for coalesce(). */
  readonly batch?: BatchInfo;
}

/** A row of the METHODS table, with its name, session rule and permissions as literal types. */
export interface MethodRow<Name extends string, Session extends SessionRule, Permissions extends readonly Permission[]>
  extends MethodInfo {
  readonly name: Name;
  readonly session: Session;
  readonly permissions: Permissions;
}

/** `vk.notifications.sendMessage` → `vk.notifications`. */
export function groupOf(method: string): string {
  return method.slice(0, method.lastIndexOf('.'));
}

/** The method's page on apiok.ru. */
export function docsUrl(method: string): string {
  return `https://apiok.ru/dev/methods/rest/${groupOf(method)}/${method}`;
}
