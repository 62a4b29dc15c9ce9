// generated/enums.ts: the named value sets of the spec, as string-literal unions.
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText } from './naming.js';

export function enumsFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/enums.yaml'),
    statements: spec.enums.map((e) => ({
      kind: StructureKind.TypeAlias,
      name: e.name,
      isExported: true,
      docs: [docText(e.summary + (e.anyCase ? '\n\nOK also accepts each value in upper case; parameters take both.' : ''))],
      type: e.values.map((v) => `'${v}'`).join(' | '),
    })),
  };
}
