import type { Browser, Page } from 'playwright-core';

export declare const ROOT: string;
export declare const VSIX: string;
export declare const CODE_SERVER: string;
export declare const CHROMIUM: string;
export declare const BASE_SETTINGS: Record<string, unknown>;
export declare function missingTools(): string[];
export interface RunningVSCode {
  page: Page;
  browser: Browser;
  url: string;
  userData: string;
  stop(): Promise<void>;
}
export declare function startVSCode(options: { folder: string; settings?: Record<string, unknown>; viewport?: { width: number; height: number } }): Promise<RunningVSCode>;
export declare function waitForWorkbench(page: Page): Promise<void>;
export declare function command(page: Page, title: string): Promise<void>;
export declare function openFile(page: Page, name: string): Promise<void>;
export declare function quickOpen(page: Page, name: string, options?: { large?: boolean }): Promise<void>;
export declare function openAnyway(page: Page): Promise<void>;
export declare function waitForCableMode(page: Page, timeoutMs?: number): Promise<void>;
export declare function goTo(page: Page, line: number, column?: number): Promise<void>;
export declare function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, options?: { timeout?: number; interval?: number; what?: string }): Promise<T>;
export declare function problemCounts(page: Page): Promise<string>;
