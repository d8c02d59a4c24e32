import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken } from '../cancellation';
import type { WorkspaceFileSystem } from './workspaceIndex';

// Folders that never hold a user's cables but can hold many files.
const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);

/**
 * The workspace's files through Node's `fs`, for file:// folders. Other schemes (virtual
 * workspaces) are skipped: their files reach the server only when opened.
 */
export class NodeFileSystem implements WorkspaceFileSystem {
  async *listCableFiles(folderUri: string, token: CancellationToken): AsyncIterable<string> {
    if (!folderUri.startsWith('file:')) return;
    let root: string;
    try {
      root = fileURLToPath(folderUri);
    } catch {
      return;
    }
    const stack = [root];
    while (stack.length > 0) {
      if (token.isCancellationRequested) return;
      const dir = stack.pop()!;
      let entries;
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable folder: skip it, index the rest
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!SKIP.has(e.name) && !e.name.startsWith('.')) subdirs.push(join(dir, e.name));
        } else if (e.isFile() && e.name.toLowerCase().endsWith('.cable')) {
          yield pathToFileURL(join(dir, e.name)).toString();
        }
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }

  async readFile(uri: string): Promise<string | undefined> {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return await fsp.readFile(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  }
}
