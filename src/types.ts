// Value types shared by the generated method types and the runtime.

/** An OK object id (user, group, topic, ...). OK sends ids as decimal strings; numbers and bigints are accepted too. */
export type OkId = string | number | bigint;

/** Any JSON value, as OK returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value for a JSON-encoded parameter: an object or array is sent JSON-encoded; a string is taken as JSON already
 * encoded and sent as it is.
 */
export type JsonInput = string | number | boolean | null | object;

/** A name OK accepts in lower case (as results spell it) or upper case (as its docs spell it). */
export type AnyCase<T extends string> = T | Uppercase<T>;

/** How a session must (or must not) be present for a method. */
export type SessionRule = 'required' | 'optional' | 'prohibited' | 'unknown';

/** The HTTP method of a call. */
export type HttpMethod = 'GET' | 'POST';

/**
 * The result objects of a call that chose its fields: the model with exactly the properties asked for (field names
 * in either case), plus the ones always present (`Id`).
 */
export type Selected<M, F extends string, Id extends keyof M> = Pick<M, (Lowercase<F> & keyof M) | Id>;
