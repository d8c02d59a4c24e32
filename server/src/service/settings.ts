/**
 * The `cable.*` settings as the service reads them. The client sends the whole `cable` section;
 * anything missing or of the wrong type falls back to the default, so a bad settings.json never
 * breaks a feature.
 */
export interface CableSettings {
  /** Index every `.cable` file of the workspace for workspace symbols and REF links. */
  workspaceIndexEnabled: boolean;
  /** Stop indexing after this many files (a safety net for huge folders). */
  workspaceIndexMaxFiles: number;
  /** At most this many results for a workspace-symbol query. */
  workspaceSymbolsMaxResults: number;
  /** At most this many paragraph symbols per cable in the outline (huge exports). */
  outlineMaxParagraphs: number;
  /** The raw `cable` section, for features owned elsewhere (diagnostics read their own keys). */
  raw: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: CableSettings = Object.freeze({
  workspaceIndexEnabled: true,
  workspaceIndexMaxFiles: 100_000,
  workspaceSymbolsMaxResults: 1_000,
  outlineMaxParagraphs: 5_000,
  raw: {},
});

function pick(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/** Reads the `cable` section (`{ workspaceIndex: { enabled }, … }`) into settings. */
export function readSettings(section: unknown): CableSettings {
  const enabled = pick(section, 'workspaceIndex.enabled');
  return {
    workspaceIndexEnabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.workspaceIndexEnabled,
    workspaceIndexMaxFiles: positiveInt(pick(section, 'workspaceIndex.maxFiles'), DEFAULT_SETTINGS.workspaceIndexMaxFiles),
    workspaceSymbolsMaxResults: positiveInt(
      pick(section, 'workspaceSymbols.maxResults'),
      DEFAULT_SETTINGS.workspaceSymbolsMaxResults,
    ),
    outlineMaxParagraphs: positiveInt(pick(section, 'outline.maxParagraphs'), DEFAULT_SETTINGS.outlineMaxParagraphs),
    raw: section !== null && typeof section === 'object' ? (section as Record<string, unknown>) : {},
  };
}

/**
 * The `cable` section inside a client's `initializationOptions`, for clients that cannot answer
 * `workspace/configuration`: `{ "cable": { … } }`, or `{ "settings": { … } }` as the VS Code
 * extension sends it (also `{ "settings": { "cable": { … } } }`, the shape of a configuration
 * push). Undefined when the options hold no settings.
 */
export function sectionFromInitializationOptions(options: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(options)) return undefined;
  if (isObject(options['cable'])) return options['cable'];
  const settings = options['settings'];
  if (isObject(settings) && isObject(settings['cable'])) return settings['cable'];
  return isObject(settings) ? settings : undefined;
}

const NUMBER_KEYS = ['workspaceIndex.maxFiles', 'workspaceSymbols.maxResults', 'outline.maxParagraphs'] as const;

/**
 * What is wrong in a `cable` section, one message each. Editors other than VS Code do not check
 * settings against the extension's schema, so a typo would otherwise fall back to a default in
 * silence. (Rule names and severities are checked by the diagnostics' own parser.)
 */
export function settingsProblems(section: unknown): string[] {
  if (section === undefined || section === null) return [];
  if (typeof section !== 'object' || Array.isArray(section)) return [`the cable settings must be an object, not ${JSON.stringify(section)}`];
  const problems: string[] = [];
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));
  const enabled = pick(section, 'workspaceIndex.enabled');
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    problems.push(`cable.workspaceIndex.enabled must be true or false, not ${show(enabled)}; using ${DEFAULT_SETTINGS.workspaceIndexEnabled}`);
  }
  const defaults: Record<(typeof NUMBER_KEYS)[number], number> = {
    'workspaceIndex.maxFiles': DEFAULT_SETTINGS.workspaceIndexMaxFiles,
    'workspaceSymbols.maxResults': DEFAULT_SETTINGS.workspaceSymbolsMaxResults,
    'outline.maxParagraphs': DEFAULT_SETTINGS.outlineMaxParagraphs,
  };
  for (const key of NUMBER_KEYS) {
    const value = pick(section, key);
    if (value !== undefined && positiveInt(value, -1) === -1) problems.push(`cable.${key} must be a number of at least 1, not ${show(value)}; using ${defaults[key]}`);
  }
  if ('cable' in section) problems.push('found cable.cable: give the contents of the "cable" section, not the section inside itself');
  return problems;
}
