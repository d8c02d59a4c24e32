/**
 * Where a URI points, for deciding whether it belongs to the workspace. A URI from a client is
 * untrusted input: `file:///ws/../etc/passwd`, `file:///ws/..%2Fetc`, `file:///c%3A/x` and
 * `file:///C:/x` must not be told apart (or confused) by comparing strings.
 */
interface Located {
  scheme: string;
  authority: string;
  /** Decoded path segments, none of them empty, `.` or `..`. */
  segments: string[];
}

function locate(uri: string): Located | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  // `untitled:Untitled-1` and other opaque URIs name no place in a folder.
  if (!url.pathname.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const raw of url.pathname.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // URL already resolved literal dot segments; one that decoding reveals (`..%2F`, `%2E%2E`)
    // or an encoded separator is an attempt to leave the folder, not a file name.
    if (seg === '.' || seg === '..' || seg.includes('/') || seg.includes('\\') || seg.includes('\0')) return undefined;
    segments.push(seg);
  }
  // Windows drive letters arrive as `c:` or `C:` (and encoded as `c%3A`): the same drive.
  if (segments[0] && /^[A-Za-z]:$/.test(segments[0])) segments[0] = segments[0].toLowerCase();
  return { scheme: url.protocol.toLowerCase(), authority: url.host.toLowerCase(), segments };
}

/** True when `uri` names something inside `folderUri` (the folder itself excluded). */
export function isInsideFolder(uri: string, folderUri: string): boolean {
  const file = locate(uri);
  const folder = locate(folderUri);
  if (!file || !folder) return false;
  if (file.scheme !== folder.scheme || file.authority !== folder.authority) return false;
  if (file.segments.length <= folder.segments.length) return false;
  return folder.segments.every((seg, i) => file.segments[i] === seg);
}

/** True when `uri` is inside one of the folders. */
function isInsideFolders(uri: string, folderUris: readonly string[]): boolean {
  return folderUris.some((folder) => isInsideFolder(uri, folder));
}

/** True when `uri` names a `.cable` file inside one of the folders: what the index may read. */
export function isWorkspaceCableFile(uri: string, folderUris: readonly string[]): boolean {
  const file = locate(uri);
  const name = file?.segments.at(-1);
  return !!name && name.toLowerCase().endsWith('.cable') && isInsideFolders(uri, folderUris);
}
