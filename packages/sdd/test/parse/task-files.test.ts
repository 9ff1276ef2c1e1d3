import { describe, expect, it } from 'vitest';
import { filesNamedIn } from '../../src/parse/index.js';

// The one function that turns task prose into file names (issue 18's fact extraction may replace it).
const paths = (markdown: string) => filesNamedIn(markdown).map((file) => file.path);

describe('filesNamedIn', () => {
  it('reads inline code that names a path, and unquoted paths with a slash and an extension', () => {
    expect(paths('T012 [P] [US1] Create User model in src/models/user.py')).toEqual(['src/models/user.py']);
    expect(paths('Implement AuthService in `backend/src/services/auth.py` using `backend/src/models/user.py`')).toEqual([
      'backend/src/services/auth.py',
      'backend/src/models/user.py',
    ]);
    expect(paths('Create `.coveragerc` single source configuration')).toEqual(['.coveragerc']);
    expect(paths('Create database directory structure backend/src/db/')).toEqual(['backend/src/db/']);
  });

  it('gives each name with its place in the markdown, as written', () => {
    const markdown = 'Fix headers (src/security/headers.py:231-312).';
    const [file] = filesNamedIn(markdown);
    expect(file).toMatchObject({ text: 'src/security/headers.py:231-312', path: 'src/security/headers.py', backticked: false });
    expect(markdown.slice(file?.start, file?.end)).toBe('src/security/headers.py:231-312');
  });

  it('drops line suffixes, trailing punctuation, emphasis and a leading ./ or /', () => {
    expect(paths('Clear the cookie in `internal/auth/session.go:12-15`')).toEqual(['internal/auth/session.go']);
    expect(paths('See **docs/api.md**, then ./scripts/build.sh; and src/a.ts#L10-L20.')).toEqual(['docs/api.md', 'scripts/build.sh', 'src/a.ts']);
    expect(paths('Add `.PHONY` declarations for all targets in `/Makefile`')).toEqual(['.PHONY', 'Makefile']);
    expect(paths('Design documents from `/specs/001-user-auth/`')).toEqual(['specs/001-user-auth/']);
  });

  it('does not read routes, URLs, prose with slashes, packages, commands or identifiers as files', () => {
    expect(paths('Contract test for GET /api/conversations/{id} and POST /login')).toEqual([]);
    expect(paths('See https://example.com/docs/a.md and www.example.com/b.html')).toEqual([]);
    expect(paths('Handle input/output and read/write, TCP/IP, and/or UI/UX')).toEqual([]);
    expect(paths('Add `@auth0/nextjs-auth0`, run `pnpm test src/a.test.ts`, rename `User.name`')).toEqual([]);
    expect(paths('Use `GroceryDto[]` and `item.isDone` in `Node.js`')).toEqual([]);
  });

  it('reads a bare file name only in inline code', () => {
    expect(paths('Update `grocery-row.tsx` and README.md')).toEqual(['grocery-row.tsx']);
  });

  it('keeps a glob and a Next.js route segment as written', () => {
    expect(paths('Update all `src/*` projects and app/[id]/page.tsx')).toEqual(['src/*', 'app/[id]/page.tsx']);
  });

  it('reads paths in task lists written in other languages', () => {
    expect(paths('创建公共基类 `backend/app/models/__init__.py`（`AppBaseModel`）')).toEqual(['backend/app/models/__init__.py']);
    expect(paths('プロジェクト一覧コンポーネントを作成する in frontend/src/lib/components/ProjectList.svelte')).toEqual(['frontend/src/lib/components/ProjectList.svelte']);
  });
});
