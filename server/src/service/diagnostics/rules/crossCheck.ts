/**
 * The banner against what the rest of the cable states, for cables with no WikiLeaks table to
 * disagree with it (where there is one, banner-classification-mismatch compares the two).
 */
import { LEVEL_NAME, LEVEL_RANK } from '../../../parser';
import { defineRule } from '../rule';
import { levelElsewhere } from './levels';

export const bannerAboveText = defineRule({
  code: 'CBL154',
  name: 'banner-above-text',
  severity: 'warning',
  group: 'banner',
  fixable: false,
  docs: {
    summary: 'The banner is above every classification the cable states elsewhere.',
    description:
      'A cable\'s banner and its paragraph markings were written together: a `S E C R E T` banner over paragraphs that are all `(C)` or lower, with the security line (`ZNY CCCCC`) or the old page classification lines saying CONFIDENTIAL too, means the banner was raised or mistyped. Reported when the paragraphs are marked (two at least, and no more than one numbered paragraph in five left unmarked), so that a cable marked only in part is not judged, and only when the cable has no WikiLeaks table (with one, `banner-classification-mismatch` compares the banner with it).',
    bad: 'S E C R E T STATE 015113\n…\n1. (C) The minister said …\n2. (U) …',
    good: 'C O N F I D E N T I A L STATE 015113\n…\n1. (C) The minister said …\n2. (U) …',
  },
  scope: 'cable',
  check(cable, ctx) {
    const banner = cable.banner;
    const level = banner?.classification.level;
    if (!banner || !level || cable.table?.classification?.level) return;
    const elsewhere = levelElsewhere(cable);
    // A paragraph left unmarked here and there (often the first, holding `Classified By`) does not
    // make a cable marked only in part.
    if (!elsewhere.level || elsewhere.marked < 2 || elsewhere.unmarked * 4 > elsewhere.marked) return;
    if (LEVEL_RANK[level] <= LEVEL_RANK[elsewhere.level]) return;
    const security = cable.routing?.security?.letters;
    const said = [`its ${elsewhere.marked} paragraph markings`, security?.level ? `the security line (${security.text})` : ''].filter(Boolean).join(' and ');
    ctx.report(banner.classification.range, `Banner ${banner.classification.text.trim()} (${LEVEL_NAME[level]}) is above everything else the cable states: ${said} go no higher than ${LEVEL_NAME[elsewhere.level]}`);
  },
});

export const CROSS_CHECK_RULES = [bannerAboveText] as const;
