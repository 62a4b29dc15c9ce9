// generated/enums.ts: the named value sets of the spec, as string-literal unions.
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText } from './naming.js';

export function enumsFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/enums/*.yaml'),
    statements: spec.enums.flatMap((e) => [
      {
        kind: StructureKind.TypeAlias as const,
        name: e.name,
        isExported: true,
        docs: [
          docText(
            e.summary +
              (e.anyCase ? `\n\nOK also accepts each value in upper case; parameters take both (${e.name}Name).` : ''),
          ),
        ],
        type: e.values.map((v) => `'${v}'`).join(' | '),
      },
      // Uppercase<> is resolved once per alias, not per use: as cheap for the checker as the values written out twice.
      ...(e.anyCase
        ? [
            {
              kind: StructureKind.TypeAlias as const,
              name: `${e.name}Name`,
              isExported: true,
              docs: [docText(`${e.name} in lower or upper case, as parameters take it.`)],
              type: `${e.name} | Uppercase<${e.name}>`,
            },
          ]
        : []),
    ]),
  };
}
