// sdd as a library: the pipeline in one call, and each stage for tools that need only one.
export * from './model/index.js';
export { validate, parseWorkspace, ValidateUsageError, type ValidateOptions } from './validate.js';
export { discover, ConfigError, loadConfig, parseConfig } from './discover/index.js';
export { readGitFacts, GitBaseError } from './discover/git.js';
export { repositoryLayouts, taskSourcesIn, listTaskRoots, type RepositoryLayouts } from './discover/task-layouts.js';
export { parseSpec, parseProvenance, parseTaskList, filesNamedIn, type ParseResult } from './parse/index.js';
export { runChecks } from './check/index.js';
export { extractFacts, placeFacts, factChecks, repositoryPaths, unjudgedText } from './check/facts/index.js';
export type { StatedFact, FileMention, PlacedFact, NameSources, FactCheck } from './check/facts/index.js';
export { compare } from './compare/index.js';
export { compareTaskLists, withTaskLists } from './compare/tasks.js';
export { render, shouldUseColor, formatOfFile, type ReportFormat, type RenderOptions } from './report/index.js';
export { runValidation, type RunValidationOptions, type RunSinks, type ReportOutput } from './run-validation.js';
export { SDD_VERSION } from './version.js';
