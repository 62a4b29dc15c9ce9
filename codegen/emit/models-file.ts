// generated/models.ts: the objects results are made of, as named interfaces straight from spec/models/, so that hovers
// and compiler messages name them (`Pick<User, "uid" | "first_name">`, not an anonymous object of 100 properties).
import { StructureKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { ModelPropertySpec, Spec } from '../spec-model.js';
import { parseType } from '../type-language.js';
import { header } from './header.js';
import { docText, propertyName } from './naming.js';
import { resultTsType, typeContext } from './ts-types.js';

function propertyDoc(p: ModelPropertySpec): string | undefined {
  const text = [
    p.description,
    p.permissions?.length ? `OK returns it only to a user who granted ${p.permissions.join(', ')}.` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const deprecated = p.deprecated ? `@deprecated ${p.deprecated}` : '';
  return text || deprecated ? docText([text, deprecated].filter(Boolean).join('\n\n')) : undefined;
}

export function modelsFileStructure(spec: Spec): SourceFileStructure {
  const ctx = typeContext(spec);
  const enumsUsed = new Set<string>();
  let json = false;
  const statements: StatementStructures[] = spec.models.map((m) => {
    if (m.oneOf) {
      return {
        kind: StructureKind.TypeAlias,
        name: m.name,
        isExported: true,
        docs: [docText(m.summary)],
        type: m.oneOf.join(' | '),
      };
    }
    return {
      kind: StructureKind.Interface,
      name: m.name,
      isExported: true,
      docs: [docText(m.summary)],
      properties: m.properties.map((p) => {
        const { base } = parseType(p.type);
        if (ctx.enums.has(base)) enumsUsed.add(base);
        const type = p.const !== undefined ? `'${p.const}'` : resultTsType(p.type, ctx);
        if (type.includes('JsonValue')) json = true;
        const doc = propertyDoc(p);
        return { name: propertyName(p.name), type, hasQuestionToken: !p.required, ...(doc ? { docs: [doc] } : {}) };
      }),
    };
  });
  const imports: StatementStructures[] = [];
  if (json)
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../src/types.js',
      isTypeOnly: true,
      namedImports: ['JsonValue'],
    });
  if (enumsUsed.size)
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './enums.js',
      isTypeOnly: true,
      namedImports: [...enumsUsed].sort(),
    });
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/models/*.yaml'),
    statements: [...imports, ...statements],
  };
}
