import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The .vsix ships the screenshots its README (the Marketplace page) shows, and no others: the
// folder also holds the dark/light pairs the screenshot script retakes, which would double the
// package's size for nothing.
const root = join(__dirname, '..', '..');

describe('the packaged screenshots', () => {
  it('are exactly the ones the README shows', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const shown = new Set(readme.match(/docs\/screenshots\/[\w.-]+\.png/g) ?? []);
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
    const shipped = new Set(ignore.filter((l) => l.startsWith('!docs/screenshots/')).map((l) => l.slice(1)));
    expect(shown.size).toBeGreaterThan(0);
    expect([...shipped].sort()).toEqual([...shown].sort());
    expect(ignore).not.toContain('!docs/screenshots/*.png');
  });
});
