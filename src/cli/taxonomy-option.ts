// The `--intents DIR` option shared by the taxonomy commands: which taxonomy
// folder to use, and a bad taxonomy as one clear line instead of a stack trace.
import { resolve } from 'node:path';
import { type CommandIO, type ParsedArgs, stringOption, UserError } from './command.js';
import { loadClassifier } from '../store/classifier-cache.js';
import { BUILT_IN_INTENTS_DIR } from '../store/taxonomy-files.js';
import { TaxonomyError } from '../triage/taxonomy.js';

export function intentsDir(args: ParsedArgs, io: CommandIO): string {
  const intents = stringOption(args, 'intents');
  return intents === undefined ? BUILT_IN_INTENTS_DIR : resolve(io.cwd, intents);
}

/** Runs `load`, turning a taxonomy file error into a UserError. */
export function withTaxonomy<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof TaxonomyError) throw new UserError(`invalid taxonomy: ${error.message}`);
    throw error;
  }
}

/** The classifier for the chosen taxonomy folder (built once, then cached on disk). */
export function classifierFor(args: ParsedArgs, io: CommandIO) {
  return withTaxonomy(() => loadClassifier({ dir: intentsDir(args, io) }).classifier);
}
