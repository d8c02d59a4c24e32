#!/usr/bin/env node
// Writes docs/rules.md from the rule catalogue (--check: exit 1 when it is out of date).
import { runTs } from './eval/bundle.mjs';
await runTs('scripts/eval/rulesDoc.ts', process.argv.slice(2));
