/**
 * Where a rule's documentation lives, for the Node entry points (the server and the CLI): a
 * diagnostic's `codeDescription`, SARIF's `helpUri`, `cable explain`. The project has no public
 * site and nothing may reach the network, so the link is docs/rules.md as shipped beside the
 * bundles (dist/../docs in the .vsix and in the repository), at the rule's anchor.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleAnchor } from './service/diagnostics/catalogue';

let rulesDocUrl: string | undefined;

export function rulesDoc(): string {
  if (rulesDocUrl) return rulesDocUrl;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'docs', 'rules.md');
    if (existsSync(candidate)) return (rulesDocUrl = pathToFileURL(candidate).href);
    dir = dirname(dir);
  }
  return (rulesDocUrl = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href);
}

export function ruleDocUrl(rule: { code: string; name: string }): string {
  return `${rulesDoc()}#${ruleAnchor(rule)}`;
}
