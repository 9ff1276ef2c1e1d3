// Measure: sdd's discover stage plus parseDocumentsCached (cache + workers),
// from the build, on the bench repository, at the depth `sdd validate` reads
// (outline: every heading, only the sections its rules read in full).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/sdd/dist');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const [{ discover }, { parseDocumentsCached }] = await Promise.all([load('discover/index.js'), load('parse-pool/index.js')]);

const workspace = await discover(process.argv[2]);
const files = { specs: workspace.specFiles, provenance: workspace.provenanceFiles };
const result = await parseDocumentsCached(workspace, files, { depth: 'outline' });
const problems = [...result.specs, ...result.records].reduce((sum, one) => sum + one.findings.length, 0);
console.log(JSON.stringify({ ...result.stats, commits: workspace.git?.commits.length ?? 0, documentFindings: problems }));
