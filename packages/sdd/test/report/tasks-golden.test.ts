import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ValidateResultSchema, type ValidateResult } from '../../src/model/index.js';
import { render, REPORT_FORMATS, resultJsonSchema, type ReportFormat } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';
import { expectGolden } from './golden.js';
import { taskFixture } from './task-fixture.js';

// spec-kit and OpenSpec task lists in every format: each task's claim, sdd's verdict and the
// evidence; the findings where every format puts findings.

const EXTENSION: Record<ReportFormat, string> = { text: 'txt', json: 'json', markdown: 'md', html: 'html', junit: 'xml', sarif: 'sarif', annotations: 'annotations.txt' };

describe('task lists in every format', () => {
  for (const format of REPORT_FORMATS) {
    it(`${format} (golden)`, async () => {
      await expectGolden(`tasks.${EXTENSION[format]}`, render(taskFixture, format, { linkBase: '../' }));
    });
  }

  it('the model holds the fixture, and the JSON validates against the published schema', () => {
    expect(ValidateResultSchema.safeParse(taskFixture).success).toBe(true);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(resultJsonSchema() as object);
    expect(validate(JSON.parse(render(taskFixture, 'json'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('counts the task lists’ findings in the summary and the exit code', () => {
    expect(taskFixture.summary.findings).toEqual({ error: 1, warning: 4, info: 1 });
    expect(taskFixture.summary.tasks).toEqual({ lists: 2, total: 10, checked: 8, confirmed: 5, refuted: 1, unverified: 2, open: 2 });
    expect(taskFixture.exitCode).toBe(1);
  });

  it('shows each task’s claim, verdict and evidence', () => {
    const text = render(taskFixture, 'text');
    expect(text).toContain('T008     [x] → refuted     Implement AuthService in backend/src/services/auth.py using src/models/user.py');
    expect(text).toContain('        `backend/src/services/auth.py` does not exist');
    expect(text).toContain('change: 3 commits, aaaaaaa…ccccccc + working tree · 2 commits touched the folder · branch 001-user-auth (HEAD)');
    expect(text).toContain('change: 2 commits, ddddddd…eeeeeee · 2 commits touched the folder · 1 shared with other task lists · archived in eeeeeee');
    const markdown = render(taskFixture, 'markdown');
    expect(markdown).toContain('| T008 | Implement AuthService in backend/src/services/auth.py using src/models/user.py | `[x]` | refuted | `backend/src/services/auth.py` does not exist |');
    const html = render(taskFixture, 'html');
    expect(html).toContain('data-group="task" data-status="refuted"');
    expect(html).not.toContain('<script>alert');
    expect(render(taskFixture, 'junit')).toContain('<failure message="`backend/src/services/auth.py` does not exist" type="tasks/phantom-completion">');
    expect(render(taskFixture, 'sarif')).toContain('"ruleId": "tasks/phantom-completion"');
    expect(render(taskFixture, 'annotations')).toContain('::error file=specs/001-user-auth/tasks.md,line=21,title=tasks/phantom-completion::T008 is ticked as done');
  });

  it('gives the same bytes whatever order the lists, tasks and findings came in', () => {
    const shuffled: ValidateResult = {
      ...taskFixture,
      taskLists: [...(taskFixture.taskLists ?? [])].reverse().map((list) => ({ ...list, tasks: [...list.tasks].reverse(), findings: [...list.findings].reverse(), unmentioned: [...list.unmentioned].reverse() })),
    };
    for (const format of REPORT_FORMATS) expect(render(shuffled, format)).toBe(render(taskFixture, format));
  });

  it('leaves a result without task lists as it was: no task section, no task key in JSON', () => {
    for (const result of [fixture, cleanFixture]) {
      expect(result.taskLists).toBeUndefined();
      expect(render(result, 'json')).not.toContain('taskLists');
      expect(render(result, 'text')).not.toContain('task list');
    }
  });
});
