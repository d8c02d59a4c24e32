import type { Cable } from '../parser';
import { fullYear } from './dates';

/** The year the cable was written, for the DE line's Julian day and for ranking REF matches. */
export function cableYear(cable: Cable, source?: string): number | undefined {
  const y = cable.routing?.dtg?.year?.value;
  if (y !== undefined) return fullYear(y);
  if (cable.table?.referenceId?.year !== undefined) return cable.table.referenceId.year;
  const created = cable.table?.created?.iso;
  if (created) return Number(created.slice(0, 4));
  // A copy without table or DTG often has the rendering's date line: `Thursday, 07 March 2002, 10:13`.
  const dated = cable.dateLine ? /\b(19[6-9]\d|20[01]\d)\b/.exec(cable.dateLine.text) : null;
  if (dated) return Number(dated[1]);
  return source === undefined ? undefined : yearFromName(cable, source);
}

/**
 * A bare copy (banner `REYKJAVIK 000322`, no table, DTG or date line) is usually saved under its
 * reference ID, as the archive's downloads are: `07REYKJAVIK322.cable`. The name's year counts
 * only when its post and serial are the banner's, so a file named after something else, or one
 * cable of a multi-cable export, never lends its year.
 */
function yearFromName(cable: Cable, source: string): number | undefined {
  const post = cable.banner?.post?.text.replace(/[^A-Za-z]/g, '').toUpperCase();
  const serial = cable.banner?.serial?.value;
  if (!post || serial === undefined) return undefined;
  const base = source.slice(source.search(/[^/\\]*$/)).replace(/\.[^.]*$/, '');
  const m = /^(\d{2})([A-Za-z]+)0*(\d+)$/.exec(base);
  if (!m || Number(m[3]) !== serial || !m[2]!.toUpperCase().endsWith(post)) return undefined;
  return fullYear(Number(m[1]));
}

/**
 * The reference ID a copy without the WikiLeaks table would carry (`00HARARE5461`): its banner's
 * post and serial and the year it was written, the way the archive names its cables. Undefined
 * when the banner lacks a post or serial, or no year is known.
 */
export function bannerReferenceId(cable: Cable, source?: string): string | undefined {
  const post = cable.banner?.post?.text;
  const serial = cable.banner?.serial?.value;
  if (!post || serial === undefined) return undefined;
  const year = cableYear(cable, source);
  if (year === undefined) return undefined;
  return `${String(year % 100).padStart(2, '0')}${postId(post)}${serial}`;
}

/** Post names are written `USUN NEW YORK` in banners and REF lines and `USUNNEWYORK` in reference IDs. */
export function postId(post: string): string {
  return post.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
