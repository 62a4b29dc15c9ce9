// Paged methods answer page by page, as OK does: a collection (of `collections[method]` items in the config, 25 by
// default) read with the method's own parameters: an anchor and a direction, or an offset, and a page size. Anchors are
// opaque strings (OK's are too); one the mock did not issue is OK's error 100. Items are made for the page only, so a
// collection of a million costs nothing until read, and each has its own id, the same on every read.
import type { PagingInfo } from '../method-info.js';
import type { ResultContext } from './results.js';
import { okError, type OkErrorBody } from './errors.js';
import { modelShape, parseType, resultShape } from './spec-data.js';
import { mockValue } from './values.js';

/** Items in a paged collection when the config does not say (`collections: { "group.getMembers": 50000 }`). */
export const DEFAULT_COLLECTION_SIZE = 25;
/** The page size when a call sets none. */
export const DEFAULT_PAGE_SIZE = 20;
/** The most items one page holds, whatever a call asks: the mock's bound on an answer, not a figure of OK's. */
export const MAX_PAGE_SIZE = 1000;

/** The item properties that name an item, in the order they are looked for: the first one the item model has. */
const ID_PROPERTIES = ['uid', 'userId', 'user_id', 'id', 'groupId', 'group_id', 'aid', 'photo_id', 'product_id'];

const ANCHOR_PREFIX = 'mock-anchor:';

export function encodeAnchor(position: number): string {
  return Buffer.from(`${ANCHOR_PREFIX}${position}`).toString('base64url');
}

function decodeAnchor(anchor: string): number | undefined {
  const text = Buffer.from(anchor, 'base64url').toString();
  if (!text.startsWith(ANCHOR_PREFIX)) return undefined;
  const position = Number(text.slice(ANCHOR_PREFIX.length));
  return Number.isSafeInteger(position) && position >= 0 ? position : undefined;
}

/** A collection to page: its size, and the item at an index (made when asked for). */
export interface Collection {
  size: number;
  itemAt(index: number): unknown;
}

/** The collection a paged method reads when no handler keeps one: `size` made-up items with distinct ids. */
export function madeUpCollection(c: ResultContext, paging: PagingInfo): Collection {
  const size = c.state.config.collections?.[c.method] ?? DEFAULT_COLLECTION_SIZE;
  const resultModel = modelShape(parseType(resultShape(c.method)!.type).base);
  const itemType = parseType(resultModel?.properties?.[paging.items]?.type ?? 'unknown').base;
  const idProperty = ID_PROPERTIES.find((p) => modelShape(itemType)?.properties?.[p]);
  // Whose collection it is (a group's members, a user's photos): different owners, different items.
  const owner = c.params.gid ?? c.params.group_id ?? c.params.uid ?? c.params.fid ?? c.uid ?? '';
  const base = 700_000_000_000 + (hash(`${c.method}:${owner}`) % 100_000) * 1_000_000;
  return {
    size,
    itemAt: (index) =>
      mockValue(
        itemType,
        { key: `${c.method}:${owner}:${index}` },
        idProperty ? { [idProperty]: String(base + index) } : {},
      ),
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** One page of `collection` as the call asks for it, in the shape of the method's result; or OK's error 100. */
export function pageOf(c: ResultContext, paging: PagingInfo, collection: Collection): unknown | OkErrorBody {
  const sizeText = paging.count !== undefined ? c.params[paging.count] : undefined;
  const pageSize = Math.min(sizeText === undefined ? DEFAULT_PAGE_SIZE : Number(sizeText), MAX_PAGE_SIZE);
  if (!Number.isSafeInteger(pageSize) || pageSize < 0)
    return okError(100, `Parameter ${paging.count} must be a count of items`);
  const cursorText = paging.cursor !== undefined ? c.params[paging.cursor] : undefined;
  let position: number;
  if (cursorText === undefined || cursorText === '') position = 0;
  else if (paging.style === 'anchor') {
    const decoded = decodeAnchor(cursorText);
    if (decoded === undefined) return okError(100, `Parameter ${paging.cursor} is not an anchor this server gave`);
    position = decoded;
  } else {
    position = Number(cursorText);
    if (!Number.isSafeInteger(position) || position < 0)
      return okError(100, `Parameter ${paging.cursor} must be a non-negative integer`);
    // Page numbers start at 1.
    if (paging.style === 'page') position = Math.max(position - 1, 0) * pageSize;
  }
  const direction = paging.direction !== undefined ? (c.params[paging.direction] ?? 'FORWARD') : 'FORWARD';
  const size = collection.size;
  let start = position;
  if (direction === 'BACKWARD') start = position - pageSize;
  else if (direction === 'AROUND') start = position - Math.floor(pageSize / 2);
  start = Math.min(Math.max(start, 0), size);
  const end = Math.min(direction === 'BACKWARD' ? position : start + pageSize, size);
  const items = Array.from({ length: Math.max(end - start, 0) }, (_, i) => collection.itemAt(start + i));

  const hasMore = direction === 'BACKWARD' ? start > 0 : end < size;
  const result = mockValue(resultShape(c.method)!.type, { key: `${c.method}:page` }) as Record<string, unknown>;
  result[paging.items] = items;
  if (paging.nextCursor !== undefined) result[paging.nextCursor] = encodeAnchor(direction === 'BACKWARD' ? start : end);
  if (paging.hasMore !== undefined) result[paging.hasMore] = hasMore;
  if (paging.total !== undefined) result[paging.total] = size;
  return result;
}
