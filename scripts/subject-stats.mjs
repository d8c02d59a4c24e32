#!/usr/bin/env node
// Subject-block figures over ../shared/corpus (issue 10): TAGS, TAGS persons, subject, Classified By.
//   node scripts/subject-stats.mjs [--samples N] [DIR]
import { runTs } from './eval/bundle.mjs';
await runTs('scripts/eval/subjectStats.ts', process.argv.slice(2));
