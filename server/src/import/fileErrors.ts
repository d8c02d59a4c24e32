/**
 * A file-system error in words, for the import's and the `cable` command's messages alike
 * (`cable check: x.cable: permission denied`). Node's own message is kept for anything else.
 */
export function fileErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return err?.message ?? String(e);
  }
}
