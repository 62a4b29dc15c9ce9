// Turns the spec into the files of generated/, as a map of path → text. Pure: same spec, same bytes.
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from './spec-model.js';
import { apiGroupsFileStructure } from './emit/api-groups-file.js';
import { enumsFileStructure } from './emit/enums-file.js';
import { errorsFileStructure } from './emit/errors-file.js';
import { groupFileStructure } from './emit/group-file.js';
import { indexFileStructure } from './emit/index-file.js';
import { methodsFileStructure } from './emit/methods-file.js';
import { modelsFileStructure } from './emit/models-file.js';
import { permissionsFileStructure } from './emit/permissions-file.js';
import { typeContext } from './emit/ts-types.js';

export function generate(spec: Spec): Map<string, string> {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  });
  const ctx = typeContext(spec);
  const structures = new Map<string, SourceFileStructure>([
    ['permissions.ts', permissionsFileStructure(spec)],
    ['errors.ts', errorsFileStructure(spec)],
    ['enums.ts', enumsFileStructure(spec)],
    ['models.ts', modelsFileStructure(spec, ctx)],
    ['methods.ts', methodsFileStructure(spec)],
    ['api-groups.ts', apiGroupsFileStructure(spec)],
    ['index.ts', indexFileStructure(spec)],
  ]);
  for (const g of spec.groups) structures.set(`groups/${g.name}.ts`, groupFileStructure(g, spec, ctx));

  const files = new Map<string, string>();
  for (const [path, structure] of [...structures].sort(([a], [b]) => (a < b ? -1 : 1))) {
    files.set(path, project.createSourceFile(`/generated/${path}`, structure).getFullText());
  }
  return files;
}
