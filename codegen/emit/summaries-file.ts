// generated/summaries.ts: each method's one-line summary and deprecation note, as data for the `okru methods` command
// (the hover docs have them already; client bundles never import this).
import { StructureKind, VariableDeclarationKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';

export function summariesFileStructure(spec: Spec): SourceFileStructure {
  const rows = spec.groups
    .flatMap((g) => g.methods)
    .map(
      (m) =>
        `  ${JSON.stringify(m.name)}: ${JSON.stringify({ summary: m.summary, ...(m.deprecated ? { deprecated: m.deprecated } : {}) })},`,
    );
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/methods/*.yaml'),
    statements: [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["Each method's summary and, when deprecated, what to use instead."],
        declarations: [
          {
            name: 'METHOD_SUMMARIES',
            type: 'Readonly<Record<string, { readonly summary: string; readonly deprecated?: string }>>',
            initializer: `{\n${rows.join('\n')}\n}`,
          },
        ],
      },
    ],
  };
}
