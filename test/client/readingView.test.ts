/**
 * The reading view's page script (client/src/readingView.ts, `frame`) run against a stand-in for
 * the webview's DOM: two cables with a window bar, laid out on a scroll offset. One scroll listener
 * does both of its jobs once a frame: the bar names the cable at the top, and the editor is told
 * the line at the top, except for a scroll the page made itself for the editor (which would echo).
 */
import * as vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { frame } from '../../client/src/readingView';

vi.mock('vscode', () => ({}));

/** An element at `top`..`top + height` of the page (the bar: stuck at the screen's top). */
interface Box {
  top: number;
  height: number;
  sticky?: boolean;
  dataset: Record<string, string>;
  textContent?: string;
}

function page() {
  const at: Box = { top: 0, height: 0, dataset: {}, textContent: '' };
  const bar: Box = { top: 0, height: 30, sticky: true, dataset: { first: '0', total: '3' } };
  const cables: Box[] = [
    { top: 0, height: 1000, dataset: {} },
    { top: 1000, height: 1000, dataset: {} },
  ];
  const marks: Box[] = [
    { top: 100, height: 100, dataset: { line: '10' } },
    { top: 1100, height: 100, dataset: { line: '50' } },
  ];
  const listeners = new Map<string, Array<(e: unknown) => void>>();
  const frames: Array<() => void> = [];
  const posted: unknown[] = [];
  let scrollY = 0;
  const element = (b: Box) =>
    Object.assign(b, {
      getBoundingClientRect: () => {
        const top = b.sticky ? 0 : b.top - scrollY;
        return { top, bottom: top + b.height, height: b.height };
      },
      scrollIntoView: () => void (scrollY = b.top),
      querySelector: (s: string) => (s === '.at' ? at : null),
    });
  [bar, ...cables, ...marks].forEach(element);
  const window = {
    addEventListener: (type: string, f: (e: unknown) => void) => listeners.set(type, [...(listeners.get(type) ?? []), f]),
    get scrollY() {
      return scrollY;
    },
    scrollTo: (_x: number, y: number) => void (scrollY = y),
  };
  const document = {
    getElementById: () => ({ innerHTML: '' }),
    querySelector: (s: string) => (s === '.window-bar' ? bar : null),
    querySelectorAll: (s: string) => (s === 'article.cable' ? cables : s.includes('p[data-line]') ? marks : []),
    documentElement: { style: {} },
    addEventListener: () => undefined,
  };
  const html = frame('csp', 'n');
  const script = html.slice(html.indexOf('<script nonce="n">') + '<script nonce="n">'.length, html.lastIndexOf('</script>'));
  vm.runInNewContext(script, {
    window,
    document,
    acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(m) }),
    requestAnimationFrame: (f: () => void) => frames.push(f),
  });
  return {
    listeners,
    frames,
    posted,
    bar: at,
    /** The reader scrolls to `y`: the scroll events of the moves, then the frame. */
    scroll(...ys: number[]) {
      for (const y of ys) {
        scrollY = y;
        for (const f of listeners.get('scroll') ?? []) f({});
      }
      for (const f of frames.splice(0)) f();
    },
    /** The extension sends the editor's line. */
    message(data: unknown) {
      for (const f of listeners.get('message') ?? []) f({ data });
    },
  };
}

describe('the reading view page script', () => {
  it('listens to scrolling once, and in one frame updates the bar and tells the editor the line at the top', () => {
    const p = page();
    expect(p.posted).toEqual([{ type: 'ready' }]);
    expect(p.listeners.get('scroll')).toHaveLength(1);

    p.scroll(600, 900, 1050);
    expect(p.bar.textContent).toBe('Cable 2 of 3');
    // The first block whose end is below the bar: paragraph at line 50.
    expect(p.posted.slice(1)).toEqual([{ type: 'scroll', line: 50 }]);

    p.scroll(120);
    expect(p.bar.textContent).toBe('Cable 1 of 3');
    expect(p.posted.slice(2)).toEqual([{ type: 'scroll', line: 10 }]);
  });

  it('updates the bar, but does not tell the editor, when it scrolls to the line the editor sent', () => {
    const p = page();
    p.scroll(1050);
    expect(p.posted.slice(1)).toEqual([{ type: 'scroll', line: 50 }]);
    p.message({ type: 'scroll', line: 12 });
    p.scroll(100);
    expect(p.bar.textContent).toBe('Cable 1 of 3');
    expect(p.posted.slice(2)).toEqual([]);
  });
});
