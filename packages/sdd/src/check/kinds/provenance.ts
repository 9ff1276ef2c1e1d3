import { z } from 'zod';
import type { ProvenanceDocument } from '../../model/index.js';
import { resolveRepoPath } from '../../repo-path.js';
import type { CheckKind } from '../types.js';
import { fail, pass } from './common.js';

const DEFAULT_REQUIRED_SECTIONS = ['Actions Taken', 'Artifacts Produced', 'Validation Results', 'Decisions Made', 'Deviations from Spec'];

const ExistsArgs = z.object({ path: z.string().min(1).optional().describe('where the record must be') }).strict();
type ExistsArgs = z.infer<typeof ExistsArgs>;

const SectionsArgs = z.object({ required: z.array(z.string().min(1)).min(1).optional() }).strict();
type SectionsArgs = z.infer<typeof SectionsArgs>;

function noRecord(spec: string): ReturnType<typeof fail> {
  return fail(`\`${spec}\` has no provenance record`, [{ message: 'no provenance record was found for this spec' }]);
}

export const provenanceExists: CheckKind<ExistsArgs> = {
  kind: 'provenance.exists',
  description: "the spec's provenance record exists (at `path`, when given)",
  args: ExistsArgs,
  // The record and its spec are what they were at the record's commit.
  reads: () => 'nothing',
  async run(args, context) {
    const record = context.record;
    if (args.path !== undefined) {
      const resolved = resolveRepoPath(context.root, args.path);
      if (!resolved.ok) return fail(resolved.reason, [{ message: resolved.reason }]);
      if (!record) return noRecord(context.spec.file);
      if (record.file !== resolved.rel) {
        return fail(`the record is at \`${record.file}\`, not \`${resolved.rel}\``, [{ message: 'record found elsewhere', location: { file: record.file, line: 1 } }]);
      }
    }
    if (!record) return noRecord(context.spec.file);
    return pass(`provenance record \`${record.file}\` exists`, [{ message: 'record found', location: { file: record.file, line: 1 } }]);
  },
};

export const provenanceSections: CheckKind<SectionsArgs> = {
  kind: 'provenance.sections',
  description: 'the provenance record has every required section',
  args: SectionsArgs,
  reads: () => 'nothing',
  async run(args, context) {
    const record = context.record;
    if (!record) return noRecord(context.spec.file);
    const required = args.required ?? DEFAULT_REQUIRED_SECTIONS;
    const missing = required.filter((title) => !findSection(record, title));
    const present = required.flatMap((title) => {
      const section = findSection(record, title);
      return section ? [{ message: `## ${section.title}`, location: section.location }] : [];
    });
    if (missing.length === 0) return pass(`\`${record.file}\` has all ${required.length} required sections`, present);
    return fail(`\`${record.file}\` lacks ${missing.map((t) => `"${t}"`).join(', ')}`, [
      ...missing.map((title) => ({ message: `no "${title}" section`, location: { file: record.file, line: 1 } })),
      ...present,
    ]);
  },
};

/** Headings compare without case, punctuation or spacing differences ("Decisions made:" is "Decisions Made"). */
function findSection(record: ProvenanceDocument, title: string): ProvenanceDocument['sections'][number] | undefined {
  const key = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return record.sections.find((section) => key(section.title) === key(title));
}
