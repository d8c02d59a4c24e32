#!/usr/bin/env node
// REF figures over ../shared/corpus: cable references and their canonical IDs, references typed
// otherwise, and post + serial forms whose word is outside the gazetteer.
//   node scripts/reference-stats.mjs [--samples N] [DIR]
import { runTs } from './eval/bundle.mjs';
await runTs('scripts/eval/referenceStats.ts', process.argv.slice(2));
