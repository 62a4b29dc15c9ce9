// generated/errors.ts: OK's error codes by name, and which ones are worth retrying.
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
        // A const object rather than an enum: an enum compiles to an IIFE that bundlers cannot drop when unused.
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["OK's error codes by name: `OkErrorCode.PARAM_SESSION_EXPIRED === 102`."],
        declarations: [
          {
            name: 'OkErrorCode',
            initializer: (writer) => {
              writer.write('{').newLine();
              writer.indent(() => {
                for (const e of spec.errors) {
                  writer.writeLine(`/** ${docText(`${e.code}: ${e.meaning}`)} */`);
                  writer.writeLine(`${e.name}: ${e.code},`);
                }
              });
              writer.write('} as const');
            },
          },
        ],
      },
      {
        kind: StructureKind.TypeAlias,
        name: 'OkErrorName',
        isExported: true,
        docs: ['The name of an OK error code the spec knows.'],
        type: 'keyof typeof OkErrorCode',
      },
      {
        kind: StructureKind.TypeAlias,
        name: 'OkErrorCode',
        isExported: true,
        docs: ['An OK error code the spec knows.'],
        type: '(typeof OkErrorCode)[OkErrorName]',
      },
      {
        kind: StructureKind.Function,
        name: 'okErrorName',
        isExported: true,
        docs: [
          "The name of an error code the spec knows (`okErrorName(102) === 'PARAM_SESSION_EXPIRED'`), else undefined.",
        ],
        parameters: [{ name: 'code', type: 'number' }],
        returnType: 'OkErrorName | undefined',
        statements: [
          'for (const name in OkErrorCode) if (OkErrorCode[name as OkErrorName] === code) return name as OkErrorName;',
          'return undefined;',
        ],
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
