// generated/models.ts: the objects results are made of.
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText, propertyName } from './naming.js';
import { referencedNames, resultTsType, type TypeContext } from './ts-types.js';

export function modelsFileStructure(spec: Spec, ctx: TypeContext): SourceFileStructure {
  const enumRefs = new Set<string>();
  let json = false;
  const interfaces = spec.models.map((m) => ({
    kind: StructureKind.Interface as const,
    name: m.name,
    isExported: true,
    docs: [docText(m.summary)],
    properties: m.properties.map((p) => {
      for (const n of referencedNames(p.type, ctx)) if (ctx.enums.has(n)) enumRefs.add(n);
      const type = resultTsType(p.type, ctx);
      if (type.includes('JsonValue')) json = true;
      return { name: propertyName(p.name), type, hasQuestionToken: !p.required, docs: p.description ? [docText(p.description)] : [] };
    }),
  }));
  const imports = [];
  if (enumRefs.size) imports.push({ kind: StructureKind.ImportDeclaration as const, moduleSpecifier: './enums.js', isTypeOnly: true, namedImports: [...enumRefs].sort() });
  if (json) imports.push({ kind: StructureKind.ImportDeclaration as const, moduleSpecifier: '../src/types.js', isTypeOnly: true, namedImports: ['JsonValue'] });
  return { kind: StructureKind.SourceFile, leadingTrivia: header('spec/models/*.yaml'), statements: [...imports, ...interfaces] };
}
