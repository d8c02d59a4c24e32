import { constants as fsConstants, promises as fsp } from 'node:fs';
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

  /**
   * Only a regular file is read, as the listing lists only those: a FIFO named `x.cable` would
   * block the read forever, a device such as a link to /dev/zero would never end. Opening without
   * blocking lets the type be checked before anything is read. One buffer of `chunkBytes` is read
   * into again and again: the file is never whole in memory.
   */
  async *readChunks(uri: string, chunkBytes = 1 << 18): AsyncGenerator<Uint8Array> {
    if (!uri.startsWith('file:')) throw new Error(`not a file: URI: ${uri}`);
    const handle = await fsp.open(fileURLToPath(uri), fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`not a regular file: ${uri}`);
      // As readFile does: the size the file had when opened is read (a read more to find the end
      // cost a turn of the thread pool per file); a size of 0 may be untrue (procfs): read to the end.
      const size = stat.size;
      const buffer = Buffer.alloc(Math.min(chunkBytes, size > 0 ? size : chunkBytes));
      for (let position = 0; size === 0 || position < size; ) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close().catch(() => {});
    }
  }
}
