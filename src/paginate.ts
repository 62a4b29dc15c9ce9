// Walking a paged method: `for await (const member of paginate(ok.group.getMembers, { uid }))`. The spec records how
// each method pages (its row's `paging`): the parameter that carries the anchor or offset, the one for the page size,
// and the result properties holding the items, the next anchor and whether more follow. Every loop is bounded: a page
// that claims more but gives no new anchor, or more pages than `maxPages`, ends the walk with OkPagingError.
import type { PageItemsKey } from '../generated/methods.js';
import { OkConfigError, OkPagingError } from './errors.js';
import type { PagingInfo } from './method-info.js';
import { rowOf } from './method-rows.js';
import type { CallOptions } from './transport/call-options.js';
import { throwIfAborted } from './transport/deadline.js';

/** A method as paginate() takes it: a group method (`ok.group.getMembers`), or any function of params and options. */
// biome-ignore lint/suspicious/noExplicitAny: any method's parameters are accepted here; the call's own are checked through Parameters<F>
export type PagedMethod = (params: any, options?: CallOptions) => Promise<unknown>;

/** The items of a page whose result is R: the list under the property the spec names as the page's items. */
export type PageItem<R> = {
  [K in keyof R & PageItemsKey]-?: NonNullable<R[K]> extends readonly (infer I)[] ? I : never;
}[keyof R & PageItemsKey];

/**
 * What a method needs of its client (its `this`), which the method given must itself meet: a paged method taken from
 * a client's group carries that client's grants (generated/api-groups.ts), so a client that may not call it may not
 * page it either, and the message names the missing permission or the session rule, as a call's does.
 */
export type Callable<F> = ThisParameterType<F>;

type ResultOf<F extends PagedMethod> = Awaited<ReturnType<F>>;

/** The method's parameters, then the options: params may be left out when the method needs none. */
export type PaginateArgs<F extends PagedMethod> = undefined extends Parameters<F>[0]
  ? [params?: Parameters<F>[0], options?: PaginateOptions]
  : [params: Parameters<F>[0], options?: PaginateOptions];

export interface PaginateOptions extends CallOptions {
  /** Stop after this many items (the last page asks for no more than it needs when the method has a page size). */
  limit?: number;
  /** The page size to ask for, when the method has one and `params` does not set it. */
  pageSize?: number;
  /** Most pages to read before giving up with OkPagingError (10 000 by default): a bound on a server that never ends. */
  maxPages?: number;
  /** How the method pages, for a function paginate cannot look up (`okru/methods`: `GROUP_GET_MEMBERS.paging`). */
  paging?: PagingInfo;
}

export interface Page<R, T> {
  /** This page's items (cut to `limit` on the last page). */
  readonly items: T[];
  /** The whole answer, with its anchor, `has_more` and totals. */
  readonly result: R;
  /** 1 for the first page. */
  readonly number: number;
}

/** The items of every page, one by one; `toArray()` gathers them. */
export interface PaginatedItems<T> extends AsyncIterable<T> {
  toArray(): Promise<T[]>;
}

const DEFAULT_MAX_PAGES = 10_000;

/**
 * Every item of a paged method, page after page: `for await (const m of paginate(ok.group.getMembers, { uid }))`.
 * Calls are made as the items are read, each with the options' signal and timeout.
 *
 * @throws OkConfigError (before any call) when the method does not page or an option is wrong; OkPagingError when the
 * pages cannot be followed; any error of a call.
 */
export function paginate<F extends PagedMethod>(
  method: F & Callable<F>,
  ...args: PaginateArgs<F>
): PaginatedItems<PageItem<ResultOf<F>>> {
  return itemsOf(pages<F>(method, ...args) as AsyncIterable<Page<unknown, PageItem<ResultOf<F>>>>);
}

function itemsOf<T>(walk: AsyncIterable<Page<unknown, T>>): PaginatedItems<T> {
  const items = async function* (): AsyncGenerator<T> {
    for await (const page of walk) for (const item of page.items) yield item;
  };
  return {
    [Symbol.asyncIterator]: () => items(),
    async toArray() {
      const all: T[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}

/**
 * The pages of a paged method, each with its items and the whole answer: `for await (const page of pages(...))`.
 * Each `for await` starts again from the first page.
 */
export function pages<F extends PagedMethod>(
  method: F & Callable<F>,
  ...[params, options = {}]: PaginateArgs<F>
): AsyncIterable<Page<ResultOf<F>, PageItem<ResultOf<F>>>> {
  const info = rowOf(method);
  const name = info?.name ?? 'paginate';
  const paging = options.paging ?? info?.paging;
  checkOptions(name, params, options, paging, typeof method === 'function');
  const given = { ...((params ?? {}) as Record<string, unknown>) };
  // Each `for await` walks from the first page again.
  return {
    [Symbol.asyncIterator]: () => walkPages(name, method as PagedMethod, given, options, paging!),
  } as AsyncIterable<Page<ResultOf<F>, PageItem<ResultOf<F>>>>;
}

function checkOptions(
  name: string,
  params: unknown,
  options: PaginateOptions,
  paging: PagingInfo | undefined,
  isFunction: boolean,
): void {
  if (!isFunction) throw new OkConfigError('paginate: the method must be a function, such as ok.group.getMembers');
  if (!paging)
    throw new OkConfigError(
      `${name}: the spec records no paging for this method; pass options.paging ({ style, cursor, items, ... }) to page it`,
    );
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params)))
    throw new OkConfigError(`${name}: paginate's params must be an object of parameters`);
  for (const key of ['limit', 'pageSize', 'maxPages'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1))
      throw new OkConfigError(`${name}: paginate's ${key} must be a positive integer, got ${String(value)}`);
  }
  if (options.pageSize !== undefined && !paging.count)
    throw new OkConfigError(`${name}: this method has no page size parameter, so pageSize cannot be set`);
}

async function* walkPages(
  name: string,
  method: PagedMethod,
  params: Record<string, unknown>,
  options: PaginateOptions,
  paging: PagingInfo,
): AsyncGenerator<Page<unknown, unknown>> {
  const { limit, pageSize, maxPages = DEFAULT_MAX_PAGES, signal, timeout } = options;
  const callOptions: CallOptions = { ...(signal ? { signal } : {}), ...(timeout !== undefined ? { timeout } : {}) };
  const pageSizeGiven = paging.count !== undefined ? (params[paging.count] ?? pageSize) : undefined;
  let cursor: unknown = paging.cursor !== undefined ? params[paging.cursor] : undefined;
  const seen = new Set<unknown>();
  let delivered = 0;
  for (let number = 1; ; number++) {
    if (number > maxPages) throw new OkPagingError(name, maxPages, `more than maxPages (${maxPages}) pages`);
    throwIfAborted(name, signal);
    const request: Record<string, unknown> = { ...params };
    if (paging.cursor !== undefined && cursor !== undefined) request[paging.cursor] = cursor;
    // Paging goes forward from the anchor unless the caller chose otherwise (OK's default may be AROUND).
    if (paging.direction !== undefined && request[paging.direction] === undefined)
      request[paging.direction] = 'FORWARD';
    if (paging.count !== undefined && pageSizeGiven !== undefined) {
      const remaining = limit === undefined ? Number.POSITIVE_INFINITY : limit - delivered;
      request[paging.count] = Math.min(Number(pageSizeGiven), remaining);
    }
    const result = await method(request, callOptions);
    const page = (result ?? {}) as Record<string, unknown>;
    const found = page[paging.items];
    if (found !== undefined && found !== null && !Array.isArray(found))
      throw new OkPagingError(name, number - 1, `the answer's '${paging.items}' is not a list`);
    const all = (found ?? []) as unknown[];
    const items = limit === undefined ? all : all.slice(0, limit - delivered);
    delivered += items.length;
    yield { items, result, number };
    if (limit !== undefined && delivered >= limit) return;

    const next = nextCursor(name, paging, page, cursor, all.length, number);
    if (next === undefined) return;
    seen.add(cursor);
    if (seen.has(next)) {
      // The same anchor again while OK says more follow: following it would read the same page forever.
      if (paging.hasMore !== undefined && page[paging.hasMore] === true)
        throw new OkPagingError(name, number, 'OK said more pages follow but sent an anchor already followed');
      return;
    }
    cursor = next;
  }
}

/** Where the next page starts, or undefined when this was the last one. */
function nextCursor(
  name: string,
  paging: PagingInfo,
  page: Record<string, unknown>,
  cursor: unknown,
  count: number,
  number: number,
): unknown {
  const hasMore = paging.hasMore !== undefined ? page[paging.hasMore] : undefined;
  if (hasMore === false) return undefined;
  // Without a has_more flag, an empty page is the end; with one, OK's word is taken (an empty page may be filtered).
  if (count === 0 && hasMore !== true) return undefined;
  if (paging.style === 'offset') {
    const next = Number(cursor ?? 0) + count;
    const total = paging.total !== undefined ? page[paging.total] : undefined;
    return typeof total === 'number' && next >= total ? undefined : next;
  }
  if (paging.style === 'page') return Number(cursor ?? 1) + 1;
  const anchor = paging.nextCursor !== undefined ? page[paging.nextCursor] : undefined;
  if (anchor === undefined || anchor === null || anchor === '') {
    if (hasMore === true)
      throw new OkPagingError(name, number, `OK said more pages follow but sent no '${paging.nextCursor ?? 'anchor'}'`);
    return undefined;
  }
  return anchor;
}
