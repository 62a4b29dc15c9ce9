// generated/errors.ts: OK's error codes as an enum with names, and which ones are worth retrying.
import { StructureKind, VariableDeclarationKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText } from './naming.js';

export function errorsFileStructure(spec: Spec): SourceFileStructure {
  const byRetry = (r: string) =>
    spec.errors
      .filter((e) => e.retry === r)
      .map((e) => e.code)
      .join(', ');
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/errors.yaml'),
    statements: [
      {
        kind: StructureKind.Enum,
        name: 'OkErrorCode',
        isExported: true,
        docs: [
          "OK's error codes. `OkErrorCode.PARAM_SESSION_EXPIRED === 102`, and `OkErrorCode[102] === 'PARAM_SESSION_EXPIRED'`.",
        ],
        members: spec.errors.map((e) => ({ name: e.name, value: e.code, docs: [docText(`${e.code}: ${e.meaning}`)] })),
      },
      {
        kind: StructureKind.TypeAlias,
        name: 'OkErrorName',
        isExported: true,
        docs: ['The name of an OK error code.'],
        type: 'keyof typeof OkErrorCode',
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [
          'Codes worth trying again, by how: `backoff` (transient), `refresh` (refresh the token first), `later` (a block or quota).\nHow other clients behave; OK does not document it.',
        ],
        declarations: [
          {
            name: 'RETRYABLE_ERROR_CODES',
            initializer: `{ backoff: [${byRetry('backoff')}], refresh: [${byRetry('refresh')}], later: [${byRetry('later')}] } as const`,
          },
        ],
      },
    ],
  };
}
