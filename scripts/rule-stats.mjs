#!/usr/bin/env node
// Clean-corpus figures: how many diagnostics each rule raises over ../shared/corpus (and the seed).
//   node scripts/rule-stats.mjs [--samples N] [--rule NAME] [DIR]
import { runTs } from './eval/bundle.mjs';
await runTs('scripts/eval/ruleStats.ts', process.argv.slice(2));
