/**
 * `cable explain CODE|NAME...`: a rule's documentation from the rule catalogue (the same text as
 * docs/rules.md and the editor's hover), in the terminal. Without an argument, the list of rules.
 */
import { RULES, RULES_BY_CODE, RULES_BY_NAME, type RuleDef } from '../service/diagnostics/catalogue';
import { ruleDocLink } from './ruleDocs';
import { colors, useColor, type CliIo } from './io';
import { UsageError } from './inputs';
import { suggest } from './suggest';

/** A rule by code (`CBL303`, `cbl303`, `303`) or name (`split-word`). */
function findRule(key: string): RuleDef | undefined {
  const k = key.trim();
  return RULES_BY_NAME.get(k.toLowerCase()) ?? RULES_BY_CODE.get(k.toUpperCase()) ?? (/^\d{3}$/.test(k) ? RULES_BY_CODE.get(`CBL${k}`) : undefined);
}

/** Words wrapped at `width`, each line indented. */
function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width - indent.length) {
      out.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

function explainRule(r: RuleDef, color = false): string {
  const c = colors(color);
  const example = (s: string) =>
    s
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
  return [
    `${c.bold(`${r.code} ${r.name}`)}  ${c.dim(`${r.severity} by default${r.fixable ? ', fixable with `cable fix`' : ''}; group ${r.group}`)}`,
    '',
    wrap(r.summary, 80),
    '',
    wrap(r.description, 80),
    '',
    c.red('Bad:'),
    example(r.bad),
    '',
    c.green('Good:'),
    example(r.good),
    '',
    c.dim(`Severity in .cablerc.json: { "rules": { "${r.name}": "off" | "hint" | "information" | "warning" | "error" } }`),
    c.dim(`Documentation: ${ruleDocLink(r)}`),
    '',
  ].join('\n');
}

function listRules(color = false): string {
  const c = colors(color);
  const wName = Math.max(...RULES.map((r) => r.name.length));
  const wSev = Math.max(...RULES.map((r) => r.severity.length));
  return (
    RULES.map((r) => `${r.code}  ${r.name.padEnd(wName)}  ${c.dim(r.severity.padEnd(wSev))}  ${r.fixable ? 'fix' : '   '}  ${r.summary}`).join('\n') +
    `\n\n${RULES.length} rules; "cable explain CODE|NAME" for one in full.\n`
  );
}

export function explainCommand(keys: readonly string[], io: CliIo): number {
  const color = useColor(io, 'stdout');
  if (keys.length === 0) {
    io.stdout(listRules(color));
    return 0;
  }
  const found: RuleDef[] = [];
  for (const k of keys) {
    const r = findRule(k);
    if (!r) {
      const near = suggest(k, [...RULES.map((x) => x.name), ...RULES.map((x) => x.code)]);
      throw new UsageError(`no rule "${k}"${near ? ` (did you mean ${near}?)` : ''}; "cable explain" lists them all`);
    }
    found.push(r);
  }
  io.stdout(found.map((r) => explainRule(r, color)).join('\n'));
  return 0;
}
