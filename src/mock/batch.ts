// Reads of many ids (the spec's `batch`: users.getAdditionalInfo, group.getUserGroupsByIds, photos.getInfo, ...) answer
// as OK does when no handler keeps state for them: one item per id asked for, each naming the id it answers for (the
// batch key), so that a client can tell whose item is whose (okru's coalesce() hands items out by that key).
import type { BatchInfo } from '../method-info.js';
import type { ResultContext } from './results.js';
import { modelShape, parseType, resultShape } from './spec-data.js';
import { mockValue } from './values.js';

export function batchAnswer(c: ResultContext, batch: BatchInfo): unknown {
  const ids = (c.params[batch.param] ?? '').split(',').filter(Boolean);
  const resultType = parseType(resultShape(c.method)!.type);
  const itemType =
    batch.items === undefined
      ? resultType.base
      : parseType(modelShape(resultType.base)?.properties?.[batch.items]?.type ?? 'unknown').base;
  const items = ids.map((id) => mockValue(itemType, { key: `${c.method}:${id}` }, { [batch.key]: id }));
  if (batch.items === undefined) return items;
  // The other properties of the result, as any answer of the method has them; the items are the ones asked for.
  const rest = mockValue(resultType.base, { key: `${c.method}:${c.uid ?? c.app.appId}` }) as Record<string, unknown>;
  return { ...rest, [batch.items]: items };
}
