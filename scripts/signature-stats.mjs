#!/usr/bin/env node
// Signature and header figures over ../shared/corpus against independent text criteria (issue 15).
//   node scripts/signature-stats.mjs [--samples N] [DIR]
import { runTs } from './eval/bundle.mjs';
await runTs('scripts/eval/signatureStats.ts', process.argv.slice(2));
