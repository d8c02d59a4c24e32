/**
 * docs/rules.md from the rule catalogue (server/src/service/diagnostics/catalogue.ts), so the
 * two never disagree. `node scripts/gen-rules-doc.mjs` writes it; a test compares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, type RuleGroup } from '../../server/src/service/diagnostics/catalogue';

const GROUP_TITLE: Record<RuleGroup, string> = {
  table: 'The WikiLeaks table',
  routing: 'The routing block',
  banner: 'The banner',
  subject: 'The subject block',
  paragraphs: 'Paragraphs, summaries and comments',
  joins: 'Section joins',
  text: 'The text as a whole',
  internal: 'Cable Text itself',
};

export function renderRulesDoc(): string {
  const out: string[] = [];
  out.push('# Cable Text rules', '');
  out.push('<!-- GENERATED from the rule definitions (server/src/service/diagnostics/rules/, collected in catalogue.ts) by `node scripts/gen-rules-doc.mjs`; do not edit by hand. -->', '');
  out.push(
    'Each rule has a stable code and name. Set its severity — `off`, `hint`, `information`, `warning` or `error` — by name or code, in VS Code (`"cable.rules": { "split-word": "error" }`) or in a `.cablerc.json` that `cable check` and `cable fix` find in the checked folder or above it (or take with `--config FILE`):',
    '',
    '```json',
    '{ "rules": { "paragraph-numbering": "off", "split-word": "error", "CBL302": "information" } }',
    '```',
    '',
    'Rules marked *fixable* have a quick fix in the editor (with "fix all of this kind" and `source.fixAll.cable` for `editor.codeActionsOnSave`), and `cable fix` applies them.',
    '',
    '| code | name | default | fixable | finds |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const r of RULES) {
    out.push(`| [${r.code}](#${anchor(r.code, r.name)}) | \`${r.name}\` | ${r.severity} | ${r.fixable ? 'yes' : ''} | ${r.summary.replace(/\|/g, '\\|')} |`);
  }
  let group: RuleGroup | undefined;
  for (const r of RULES) {
    if (r.group !== group) {
      group = r.group;
      out.push('', `## ${GROUP_TITLE[group]}`);
    }
    out.push('', `### ${r.code} ${r.name}`, '');
    out.push(`Default severity: **${r.severity}**${r.fixable ? '. Fixable.' : '.'}`, '');
    out.push(r.summary, '', r.description, '');
    out.push('Bad:', '', '```', visible(r.bad), '```', '', 'Good:', '', '```', visible(r.good), '```');
  }
  return out.join('\n') + '\n';
}

/**
 * An example's control characters as the Unicode control pictures (BEL as ␇, NUL as ␀): the raw
 * bytes in a Markdown file make it binary to grep and git, and render as nothing or a box.
 */
export function visible(example: string): string {
  return example.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

/** GitHub's heading anchor for `### CBL101 table-reference-id`. */
export function anchor(code: string, name: string): string {
  return `${code.toLowerCase()}-${name}`;
}

/** The `cable.rules` setting's JSON schema for package.json's contributes.configuration. */
export function rulesSettingSchema(): Record<string, unknown> {
  const severities = ['off', 'hint', 'information', 'warning', 'error'];
  return {
    type: 'object',
    default: {},
    markdownDescription:
      'Severity of each Cable Text rule, by name (or code): `off`, `hint`, `information`, `warning`, `error`. The same object as `rules` in the `.cablerc.json` that `cable check` reads. See docs/rules.md.',
    properties: Object.fromEntries(
      RULES.map((r) => [r.name, { type: 'string', enum: severities, default: r.severity, description: `${r.code}: ${r.summary}${r.fixable ? ' (fixable)' : ''}` }]),
    ),
  };
}

export async function main(argv: string[]): Promise<number> {
  const file = path.resolve('docs', 'rules.md');
  const text = renderRulesDoc();
  if (argv.includes('--check')) {
    const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (now !== text) {
      console.log('docs/rules.md is out of date: run node scripts/gen-rules-doc.mjs');
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(file, text);
  console.log(`wrote ${file} (${RULES.length} rules)`);
  if (argv.includes('--package')) {
    // Only contributes.configuration.properties["cable.rules"] changes; other keys stay as they are.
    const pkgFile = path.resolve('package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    pkg.contributes.configuration.properties['cable.rules'] = rulesSettingSchema();
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    console.log('updated package.json contributes.configuration.properties["cable.rules"]');
  }
  return 0;
}
