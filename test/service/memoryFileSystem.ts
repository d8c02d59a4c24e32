import type { WorkspaceFileSystem } from '../../server/src/service';

/**
 * Files held in memory, read as a stream of chunks of `chunkBytes` (the Node adapter reads 256 KB
 * at a time; smaller chunks cut lines and characters apart). `reads` counts the reads begun,
 * `chunksRead` the chunks handed over, `pulled` is told of each.
 */
export function memoryFileSystem(files: Map<string, string>, chunkBytes = 4096): WorkspaceFileSystem & { files: Map<string, string>; reads: number; chunksRead: number; readUris: string[]; pulled?: (uri: string) => void } {
  const fs = {
    files,
    reads: 0,
    chunksRead: 0,
    readUris: [] as string[],
    pulled: undefined as ((uri: string) => void) | undefined,
    async *listCableFiles(folder: string) {
      for (const uri of files.keys()) if (uri.startsWith(folder)) yield uri;
    },
    async *readChunks(uri: string) {
      fs.reads++;
      fs.readUris.push(uri);
      const text = files.get(uri);
      if (text === undefined) throw new Error(`no such file: ${uri}`);
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; at += chunkBytes) {
        fs.chunksRead++;
        fs.pulled?.(uri);
        yield bytes.subarray(at, at + chunkBytes);
      }
    },
  };
  return fs;
}
