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
