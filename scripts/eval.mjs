#!/usr/bin/env node
// Fault-injection evaluation (npm run eval): injects one known fault of each kind into corpus
// cables and measures, per rule, recall at the place and the diagnostics caused elsewhere.
//   node scripts/eval.mjs [--max N] [--seed S] [DIR]
import { runTs } from './eval/bundle.mjs';
await runTs('scripts/eval/faults.ts', process.argv.slice(2));
