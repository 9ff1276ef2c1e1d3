import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The pipeline's layering is a lint rule (eslint.layers.js): a stage that imports a later one fails `pnpm lint`.

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const eslint = new ESLint({ cwd: repositoryRoot });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repositoryRoot, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('the layering rule', () => {
  it.each([
    ['packages/sdd/src/discover/wrong.ts', "import { render } from '../report/index.js';\nexport const x = render;\n"],
    ['packages/sdd/src/check/kinds/wrong.ts', "import { compare } from '../../compare/index.js';\nexport const x = compare;\n"],
    ['packages/sdd/src/report/wrong.ts', "import { tailLines } from '../check/process.js';\nexport const x = tailLines;\n"],
    ['packages/sdd/src/parse/wrong.ts', "import { discover } from '../discover/index.js';\nexport const x = discover;\n"],
    ['packages/sdd/src/compare/wrong.ts', "import { validate } from '../validate.js';\nexport const x = validate;\n"],
    ['packages/sdd/src/model/wrong.ts', "import { cacheKey } from '../cache/key.js';\nexport const x = cacheKey;\n"],
    // The CLI is a face: the whole-run cache and streaming are the library's (run-validation.ts).
    ['packages/sdd/src/cli/commands/wrong.ts', "import { openRunCache } from '../../cache/run.js';\nexport const x = openRunCache;\n"],
    ['packages/sdd/src/cli/wrong.ts', "import { slicesOf } from '../output-pieces.js';\nexport const x = slicesOf;\n"],
  ])('fails %s, which imports a later stage', async (file, source) => {
    const messages = await restrictedImports(file, source);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('must not import');
  });

  it.each([
    ['packages/sdd/src/compare/fine.ts', "import { parseSpec } from '../parse/index.js';\nexport const x = parseSpec;\n"],
    ['packages/sdd/src/check/kinds/fine.ts', "import { gitBlobId } from '../../cache/blob-id.js';\nexport const x = gitBlobId;\n"],
    ['packages/sdd/src/cli/fine.ts', "import { validate } from '../validate.js';\nexport const x = validate;\n"],
    ['packages/sdd/src/cli/commands/fine.ts', "import { runValidation } from '../../run-validation.js';\nexport const x = runValidation;\n"],
    ['packages/sdd/src/report/fine.ts', "import { tailLines } from '../output-pieces.js';\nexport const x = tailLines;\n"],
  ])('lets %s import an earlier stage', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([]);
  });
});
