import type { Hover, Position } from 'vscode-languageserver-types';
import {
  LEVEL_NAME,
  PRECEDENCE_NAME,
  type Cable,
  type DateTimeGroup,
  type DeLine,
  type PageMarker,
  type Paragraph,
  type Level,
  type PrecedenceCode,
  refCableId,
  type RefKind,
} from '../parser';
import { acp127Elements, classificationMarkings, routingIndicators, tagCategories, tags } from '../data';
import { lookupGlossary } from '../data/glossary';
import { isReleaseNotice } from '../data/pageText';
import { readPageHeader } from '../parser/header';
import { CAPTIONS, CLASSIFICATION_REASONS, MARKING_CAVEATS, PRECEDENCE_WORDS } from '../data/vocabulary';
import type { CancellationToken } from './cancellation';
import { cableYear } from './cableYear';
import { dateFromDayOfYear, dateInWords, dayOfYear, fullYear, monthName, pad, timeInWords } from './dates';
import { locate, paragraphAtLine, type CableElement } from './locate';
import type { ModelCache } from './modelCache';
import { namesInCable } from './routingNames';
import type { ITextDocument } from './textDocument';
import type { WorkspaceIndex } from './workspace/workspaceIndex';

/**
 * Markdown hovers that say what each code of a cable means, from the model and the reference
 * tables. Where the table and the cable disagree the cable wins, and the hover says which source
 * it used; where nothing is known (ZZH) it says so rather than guess.
 */
export class CableHoverProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly workspace: WorkspaceIndex,
  ) {}

  provideHover(document: ITextDocument, position: Position, token: CancellationToken): Hover | undefined {
    const model = this.cache.get(document);
    if (token.isCancellationRequested) return undefined;
    const found = locate(model, position);
    if (!found) return undefined;
    const value = this.describe(found.cable, found.element, document.uri);
    if (!value || token.isCancellationRequested) return undefined;
    return { contents: { kind: 'markdown', value }, range: found.element.token.range };
  }

  private describe(cable: Cable, el: CableElement, uri: string): string | undefined {
    switch (el.kind) {
      case 'routingIndicator':
        return describeRoutingIndicator(cable, el.token.text, el.role);
      case 'startOfMessage':
        return describeStartOfMessage(el);
      case 'deliveryPrecedence': {
        const code = el.line.precedence?.code;
        return [
          `**${el.token.text}** — delivery precedence`,
          code ? `${PRECEDENCE_NAME[code]}: the precedence prosign, doubled (ZZ flash, OO immediate, PP priority, RR routine), ahead of the routing indicators of the stations that must relay or receive the message.` : 'Not a known precedence prosign (ZZ, OO, PP, RR).',
          agreeWithDtg(cable, code),
        ].filter(Boolean).join('\n\n');
      }
      case 'deLine':
        return describeDeLine(cable, el.de);
      case 'security':
        return describeSecurity(cable, el);
      case 'dtg':
        return describeDtg(cable, el.dtg);
      case 'fromKeyword':
        return `**FM** — originator\n\n${element('Originator')?.meaning ?? 'The plain-language address of the station that sent the message.'}`;
      case 'fromName':
        return `**${el.token.text}** — the originator (FM line)${cable.routing?.de?.station ? `; its routing indicator is **${cable.routing.de.station.text}** (DE line).` : '.'}`;
      case 'addresseeKeyword':
        return describeAddresseeKeyword(el.token.text);
      case 'addresseeName':
        if (el.addressee.kind === 'XMT') return `**${el.token.text}** — excluded (XMT): a member of a collective addressed above that does not receive this cable; not a recipient.`;
        return `**${el.token.text}** — ${kindWords(el.addressee.kind)} addressee${el.addressee.routingIndicator ? ` (routing indicator **${el.addressee.routingIndicator.text}**)` : ', written without a routing indicator'}.`;
      case 'addresseePrecedence':
        return describeAddresseePrecedence(el.token.text);
      case 'controlNumber':
        return `**${el.token.text}** — message control number: this cable's sequence number for ${el.addressee.name?.text ?? 'this addressee'}.`;
      case 'bt':
        return `**BT** — break\n\n${element('Break')?.meaning ?? 'Separates the heading from the text.'}`;
      case 'nnnn':
        return `**NNNN** — end of message\n\n${element('End of message')?.meaning ?? 'End of message.'}`;
      case 'oldCode':
        return el.context === 'group' ? describeGroup(el.token.text) : describeDistribution(el.token.text);
      case 'routingPageHeader': {
        const h = readPageHeader(el.token.text);
        const where = h ? oldPageWords(Number(h.page.text), h.section, h.post?.text, h.serial ? Number(h.serial.text) : undefined) : '';
        return `**${el.token.text}** — old-style page header${where ? `: ${where}` : ''}\n\n${element('Old-style page header')?.meaning ?? ''}`;
      }
      case 'table':
        return describeTableField(el);
      case 'banner':
        return describeBanner(cable, el.banner);
      case 'caption':
        return describeCaption(el.token.text);
      case 'officeLine':
        if (cable.printout?.distribution.includes(el.token)) {
          return `**${el.token.text}** — the post's internal distribution, from its message system's printout: which of the post's own offices act on the cable (ACTION), which see it (INFO), and who approved, drafted and cleared it. Not part of the cable as sent.`;
        }
        return `**${el.token.text}** — office routing: the offices within the addressee that should act on or see the cable.`;
      case 'eo':
        return describeEo(el.eo);
      case 'tag': {
        const run = cable.tags?.glued.find((g) => g.range.start.line === el.token.range.start.line && g.range.start.character <= el.token.range.start.character && el.token.range.end.character <= g.range.end.character);
        const note = run ? `\n\nWritten run together with the next code as **${run.text}** (${run.parts.join(' + ')}): a lost space.` : '';
        return describeTag(el.token.text.toUpperCase()) + note;
      }
      case 'tagPerson':
        return `**${el.token.text}** — a person the TAGS name (${cable.tags?.codes.some((c) => c.text.toUpperCase() === 'OVIP') ? 'with **OVIP**, a visit by a very important person' : 'a person tag'}): cables about them are filed under their name.`;
      case 'tagsLabel':
        return `**TAGS** — subject, program and country codes (5 FAH-3 H-011.1), used to file and route the cable. ${cable.tags?.codes.length ?? 0} codes here.`;
      case 'subject':
        return cable.subject ? `**SUBJECT** — ${cable.subject.text}` : undefined;
      case 'refEntry':
        return this.describeRefEntry(cable, el.entry, uri);
      case 'classifiedBy':
        return describeClassifiedBy(el);
      case 'marking':
        return describeMarking(el.token.text, el.token.level, el.token.caveats, el.token.valid);
      case 'paragraphNumber':
        return `**Paragraph ${el.paragraph.number?.value ?? ''}**${el.paragraph.marking ? ` ${el.paragraph.marking.text}` : ''}, ${
          el.paragraph.endLine > el.paragraph.startLine ? `lines ${el.paragraph.startLine + 1}–${el.paragraph.endLine + 1}` : `line ${el.paragraph.startLine + 1}`
        }. Find All References lists where the text mentions it (\`para ${el.paragraph.number?.value ?? ''}\`).`;
      case 'pageMarker': {
        const m = el.token;
        if (m.kind === 'page-header') {
          return [
            `**Old page header** — ${oldPageWords(m.page, m.section, m.post.text, m.serial.value || undefined)}`,
            "The telegram system printed one at the top of every page of an old telegram (with the page's classification at its foot and head); not part of the text.",
            m.gluedText ? 'The rendering ran the text that follows onto its line.' : '',
            m.repeatedHeader ? `The section's first page: the telegram's header is repeated after it (lines ${m.repeatedHeader.startLine + 1}–${m.repeatedHeader.endLine + 1}).` : '',
            m.insideParagraph ? `It falls inside ${fieldAround(cable, m) ?? paragraphWords(paragraphAtLine(cable.body.paragraphs, m.gluedText ? m.range.start.line - 1 : m.range.start.line))}: the text continues after it.` : '',
          ].filter(Boolean).join('\n\n');
        }
        return [
          // Some markers give no usable total (`… 002 OF`): say only what the marker says.
          `**Page marker** — page ${m.pageText.includes('.') ? m.pageText : m.page}${m.total > 0 ? ` of ${m.total}` : ''} of ${m.post.text} ${m.serial.value}`,
          m.total > 0 && m.page > m.total ? `The page number is larger than the total it gives (${m.total}).` : '',
          m.kind === 'missing-section' ? 'A box where a section of the cable was lost.' : 'Inserted by the rendering where the sections of a long cable were joined; not part of the text.',
          m.insideParagraph ? `It falls inside ${paragraphWords(paragraphAtLine(cable.body.paragraphs, m.range.start.line))}: the text continues after it.` : '',
        ].filter(Boolean).join('\n\n');
      }
      case 'signature':
        return describeSignature(cable, el.token.text);
      case 'redaction':
        return '**XXXXXXXXXXXX** — a redaction by WikiLeaks or its media partners (usually a name), not part of the original cable.';
      case 'dateLine':
        return `**${el.token.text.trim()}** — a date line some renderings add before the cable; not part of the original.`;
      case 'extractNotice':
        return '**Partial extract** — WikiLeaks published only part of this cable.';
      case 'word':
        return describeWord(cable, el.token.text);
      case 'trailer':
        if (isReleaseNotice(el.token.text)) {
          return `**${el.token.text.trim()}** — the State Department's release stamp: the cable was declassified and released in a systematic review (the date is the review's). Part of the document as released, and kept by every fix.`;
        }
        return `**${el.token.text.trim()}** — a line the rendering added after the signature; not part of the cable's text.`;
    }
  }

  private describeRefEntry(cable: Cable, entry: NonNullable<Cable['refs']>['entries'][number], source: string): string {
    const lines = [`**REF ${entry.label}** — ${entry.text.trim()}`];
    if (!entry.cables.length) {
      lines.push(`${REF_KIND_WORDS[entry.kind]}: not a cable.`);
      return lines.join('\n\n');
    }
    const ownYear = cableYear(cable, source);
    for (const named of entry.cables.slice(0, 5)) {
      const id = refCableId(named, ownYear);
      const yearText = named.year !== undefined ? ` of ${named.year}` : ownYear !== undefined ? ` (no year given: this cable's, ${ownYear})` : '';
      lines.push(`Names the cable **${named.postName} ${named.serial}**${yearText}${id ? ` — **${id}**` : ''}.`);
      const hits = this.workspace.findCable(named.post, named.serial, named.year, ownYear);
      if (hits.length === 0) lines.push('That cable is not in the workspace.');
      else {
        const list = hits.slice(0, 5).map((h) => `[${h.cable.referenceId ?? named.post + ' ' + named.serial}](${h.uri})${h.cable.subject ? ` — ${h.cable.subject.text}` : ''}`);
        lines.push(`In the workspace: ${list.join('; ')}`);
      }
    }
    return lines.join('\n\n');
  }

}

function paragraphWords(p: Paragraph | undefined): string {
  if (!p) return 'a paragraph';
  return p.number ? `paragraph ${p.number.value}` : 'a paragraph';
}

function element(name: string) {
  return acp127Elements.find((e) => e.element.startsWith(name));
}

function kindWords(kind: 'TO' | 'INFO' | 'XMT'): string {
  return kind === 'TO' ? 'action' : kind === 'INFO' ? 'information' : 'excluded (XMT)';
}

function describeRoutingIndicator(cable: Cable, ri: string, role: 'delivery' | 'de' | 'addressee'): string {
  const lines: string[] = [`**${ri}** — routing indicator${role === 'de' ? ' of the originating station (DE line)' : role === 'delivery' ? ' (delivery line: a station that relays or receives the message)' : ''}`];
  const own = namesInCable(cable, ri);
  const info = routingIndicators.get(ri);
  if (own.length > 0) {
    const names = [...new Set(own.map((o) => o.name))];
    const where = [...new Set(own.map((o) => (o.source === 'FM' ? 'FM line' : `${o.source} line`)))].join(', ');
    lines.push(`**${names.join('**, **')}** — the name this cable gives it (${where}).`);
    if (info) {
      const tableNames = info.names.map((n) => n.name).filter((n) => !names.includes(n));
      if (tableNames.length > 0) lines.push(`The reference table also knows it as ${tableNames.slice(0, 3).join('; ')}.`);
    }
  } else if (info && info.names.length > 0) {
    const first = info.names[0]!;
    lines.push(`**${first.name}** — from the reference table (this cable gives it no name). Source: ${shortSource(first.source)}.`);
    const others = info.names.slice(1).map((n) => n.name);
    if (others.length > 0) lines.push(`The table also lists: ${others.slice(0, 4).join('; ')}.`);
  } else {
    lines.push('Not named in this cable nor in the reference table.');
  }
  if (info?.shared) {
    // A gateway's other addressees (the Department of Labor behind RUEHC) say nothing about this
    // cable: name what the indicator is, and where the cable says who it is for.
    lines.push(`A shared gateway: one indicator through which messages reach many addressees, so the name after the \`/\` on the addressee line says who a cable is for.`);
  } else if (info && own.length === 0 && info.alsoSeenAs.length > 0) {
    lines.push(`Other names seen for it: ${info.alsoSeenAs.map((o) => o.name).join('; ')} — indicators can change meaning over the years.`);
  }
  lines.push(howBuilt(ri));
  return lines.join('\n\n');
}

function shortSource(source: string): string {
  if (source.startsWith('heuer/cablemap')) return 'Allied Routing Indicator Book (ACP 117 CAN-US SUPP-1, 2010) via cablemap';
  if (source.startsWith('mined from corpus')) return 'the corpus of cables (' + source.replace(/;.*$/, '').replace(/^mined from corpus /, '') + ')';
  return source;
}

function howBuilt(ri: string): string {
  if (/^RUEH[A-Z]{1,3}$/.test(ri)) {
    return `Built as \`RUEH\` + \`${ri.slice(4)}\`: \`RUEH\` is the US State Department's network, and the letters after it name one post (RUEHC is the Department itself).`;
  }
  if (/^R[A-Z]{4,6}$/.test(ri)) {
    return `Built as \`R\` + \`${ri.slice(1)}\`: routing indicators are 5–7 letters starting with R; outside the State network's \`RUEH\` series this extension does not decode the letters.`;
  }
  return 'Not the usual shape of a routing indicator (5–7 capital letters starting with R).';
}

function describeStartOfMessage(el: Extract<CableElement, { kind: 'startOfMessage' }>): string {
  const s = el.start;
  const lines = [`**${s.marker.text}${s.transmissionId?.text ?? ''}** — start of message`];
  lines.push('`VZCZC` is the start-of-message sequence (`ZCZC`, preceded by `V`).');
  if (s.transmissionId) {
    const placeholder = /^XYZ0+$/.test(s.transmissionId.text);
    lines.push(
      `Transmission identification **${s.transmissionId.text}**: channel designator \`${s.channel ?? '?'}\`, channel serial \`${s.channelSerial ?? '?'}\`.` +
        (placeholder ? ' `XYZ0000` is a placeholder, seen on cables sent from the web (RUEHWEB).' : ''),
    );
  }
  return lines.join('\n\n');
}

function agreeWithDtg(cable: Cable, code: PrecedenceCode | undefined): string {
  const dtgCode = cable.routing?.dtg?.precedence?.code;
  if (!code || !dtgCode) return '';
  return dtgCode === code
    ? `Agrees with the date-time group's precedence (${dtgCode}).`
    : `Does not agree with the date-time group's precedence (${dtgCode} = ${PRECEDENCE_NAME[dtgCode]}).`;
}

function describeDeLine(cable: Cable, de: DeLine): string {
  const lines = [`**DE** — "from": the originating station's line`];
  const facts: string[] = [];
  if (de.station) facts.push(`- station **${de.station.text}** (routing indicator)`);
  const refId = cable.table?.referenceId;
  if (de.serial) {
    let agree = '';
    if (refId?.serial !== undefined) agree = refId.serial === de.serial.value ? ` — agrees with the reference ID ${refId.text}` : ` — the reference ID ${refId.text} says ${refId.serial}`;
    facts.push(`- station serial number **${de.serial.value}**${agree}`);
  }
  if (de.section) {
    const banner = cable.banner?.section;
    let text = `- section **${de.section.value}**`;
    if (banner) {
      text += ` of ${banner.total.value}`;
      text += banner.number.value === de.section.value ? ' — agrees with the banner' : ` — the banner says section ${banner.number.value}`;
    }
    facts.push(text);
  }
  const year = cableYear(cable);
  const dtg = cable.routing?.dtg;
  if (de.julianDay) {
    const j = de.julianDay.value;
    const date = year !== undefined ? dateFromDayOfYear(year, j) : undefined;
    let text = `- Julian day **${pad(j, 3)}**`;
    if (date && year !== undefined) text += ` = ${dateInWords(year, date.month, date.day)}`;
    else if (year !== undefined) text += ` — ${year} has no such day`;
    else text += ' (the year is not known, so no calendar date)';
    if (dtg && dtg.month?.value !== undefined && year !== undefined && date) {
      text += dtg.day === date.day && dtg.month.value === date.month
        ? ' — agrees with the DTG'
        : ` — the DTG says ${dtg.day} ${monthName(dtg.month.value)} (day ${pad(dayOfYear(year, dtg.month.value, dtg.day), 3)})`;
    }
    facts.push(text);
  }
  if (de.time) {
    let text = `- time filed **${de.time.text}** = ${timeInWords(de.time.value)}`;
    if (dtg) {
      const dtgMinutes = dtg.hour * 60 + dtg.minute;
      text += dtgMinutes === de.time.value ? ' — agrees with the DTG' : ` — the DTG says ${pad(dtg.hour)}${pad(dtg.minute)}Z`;
    }
    facts.push(text);
  }
  if (facts.length) lines.push(facts.join('\n'));
  lines.push('Format: `DE` + station routing indicator + `#`serial + optional `/`section + Julian day (3 digits) and time filed (HHMM, Zulu).');
  return lines.join('\n\n');
}

const LETTERS_MEANING: Record<string, string> = {
  U: 'unclassified',
  E: 'EFTO — unclassified, "encrypted for transmission only"',
  C: 'confidential',
  S: 'secret',
  T: 'top secret',
};

function describeSecurity(cable: Cable, el: Extract<CableElement, { kind: 'security' }>): string {
  const t = el.token.text;
  if (el.part === 'keyword') {
    const meaning = t === 'ZNR' ? 'sent in the clear (or encrypted off-line)' : t === 'ZNY' ? 'sent over an on-line encrypted circuit' : 'not ZNR or ZNY';
    return `**${t}** — security warning: ${meaning}.\n\nThe classification follows as five repeated letters (UUUUU unclassified, EEEEE EFTO, CCCCC confidential, SSSSS secret, TTTTT top secret).`;
  }
  if (el.part === 'letters') {
    const letters = el.security.letters!;
    const meaning = LETTERS_MEANING[t[0] ?? ''] ?? 'not a known classification letter';
    const lines = [`**${t}** — classification letters: ${meaning}.`];
    const bannerLevel = cable.banner?.classification.level;
    if (letters.level && bannerLevel) {
      lines.push(letters.level === bannerLevel ? `Agrees with the banner (${LEVEL_NAME[bannerLevel]}).` : `The banner says ${LEVEL_NAME[bannerLevel]}.`);
    }
    return lines.join('\n\n');
  }
  if (t === 'ZZH') {
    return '**ZZH** — operating signal. Its meaning is unknown: it follows the security line of nearly every routed cable, and no public source found for this extension explains it.';
  }
  return `**${t}** — further operating signal on the security line (also seen: ZDK, ZDS, ZUI, parenthesised CCY tracking data). Its meaning is not verified here.`;
}

function describeDtg(cable: Cable, dtg: DateTimeGroup): string {
  const text = [dtg.precedence?.text, dtg.dayTime.text, dtg.month?.text, dtg.year?.text].filter(Boolean).join(' ');
  const lines = [`**${text}** — date-time group`];
  const code = dtg.precedence?.code;
  if (dtg.precedence) lines.push(`Precedence **${dtg.precedence.text}** = ${code ? PRECEDENCE_NAME[code] : 'not a known precedence (Z, O, P, R)'}.`);
  const month = dtg.month?.value;
  const year = dtg.year?.value !== undefined ? fullYear(dtg.year.value) : undefined;
  if (month !== undefined && year !== undefined) {
    lines.push(`${dateInWords(year, month, dtg.day)}, ${pad(dtg.hour)}:${pad(dtg.minute)} ${dtg.zulu ? 'UTC (Zulu)' : '(no Z: the time zone is not stated)'}.`);
  } else {
    lines.push(`Day ${dtg.day}, ${pad(dtg.hour)}:${pad(dtg.minute)}${dtg.zulu ? ' UTC (Zulu)' : ''}; month or year missing or unreadable.`);
  }
  if (dtg.iso) lines.push(`ISO 8601: \`${dtg.iso}\``);
  const checks: string[] = [];
  const de = cable.routing?.de;
  if (de?.julianDay && year !== undefined && month !== undefined) {
    const expected = dayOfYear(year, month, dtg.day);
    checks.push(expected === de.julianDay.value ? `the DE line's Julian day ${pad(expected, 3)} agrees` : `the DE line's Julian day is ${pad(de.julianDay.value, 3)}, but this date is day ${pad(expected, 3)}`);
  }
  if (de?.time) {
    checks.push(de.time.value === dtg.hour * 60 + dtg.minute ? `its time ${de.time.text} agrees` : `its time ${de.time.text} differs`);
  }
  const created = cable.table?.created?.iso;
  if (created && dtg.iso) checks.push(created.slice(0, 16) === dtg.iso.slice(0, 16) ? 'the table\'s Created time agrees' : `the table's Created time is ${cable.table!.created!.text}`);
  if (checks.length) lines.push(`Checks: ${checks.join('; ')}.`);
  lines.push('Format: precedence + `DDHHMMZ MON YY` (day, hour, minute, Zulu; month; year).');
  return lines.join('\n\n');
}

function describeAddresseeKeyword(keyword: string): string {
  const name = keyword === 'TO' ? 'Action addressees' : keyword === 'INFO' ? 'Information addressees' : 'Exempted addressees';
  const meaning = element(name)?.meaning;
  const lead = keyword === 'TO' ? 'action addressee(s)' : keyword === 'INFO' ? 'information addressees' : 'members of a collective excluded from delivery';
  return `**${keyword}** — ${lead}\n\n${meaning ?? ''}`.trim();
}


function describeAddresseePrecedence(text: string): string {
  const key = text.replace(/\s+/g, ' ').toUpperCase();
  const p = PRECEDENCE_WORDS.find((x) => x.word === key);
  return `**${text}** — precedence for this addressee\n\n${p ? `${p.word} — ${p.meaning}` : `A precedence word (${PRECEDENCE_WORDS.map((x) => x.word).join(', ')}).`}`;
}

function describeTableField(el: Extract<CableElement, { kind: 'table' }>): string {
  const t = el.table;
  switch (el.field) {
    case 'header':
      return '**WikiLeaks table** — added by WikiLeaks, not part of the cable: reference ID, created and released times, classification, origin.';
    case 'referenceId': {
      const id = t.referenceId!;
      return `**${id.text}** — reference ID: year **${id.year ?? '?'}**, post **${id.post ?? '?'}**, serial **${id.serial ?? '?'}** (WikiLeaks' canonical name for the cable).`;
    }
    case 'created':
    case 'released': {
      const d = t[el.field]!;
      return `**${d.text}** — ${el.field === 'created' ? 'when the cable was created (UTC)' : 'when WikiLeaks released it (UTC)'}${d.iso ? `\n\nISO 8601: \`${d.iso}\`` : ''}`;
    }
    case 'classification': {
      const c = t.classification!;
      return `**${c.text}** — the classification WikiLeaks recorded${c.level ? `: ${LEVEL_NAME[c.level]}` : ''}.${/NOFORN/.test(c.text) ? ' NOFORN: not releasable to foreign nationals.' : ''}${/FOR OFFICIAL USE ONLY/.test(c.text) ? ' FOR OFFICIAL USE ONLY: unclassified, sensitive (SBU/FOUO handling).' : ''}`;
    }
    case 'origin':
      return `**${t.origin!.text}** — the post that sent the cable.`;
  }
}

function describeBanner(cable: Cable, banner: NonNullable<Cable['banner']>): string {
  const c = banner.classification;
  const lines = [`**${c.text}** — classification banner${c.level ? `: ${LEVEL_NAME[c.level]}` : ''}${c.letterSpaced ? ' (letter-spaced, as most cables write it)' : ''}.`];
  if (banner.section) lines.push(`Section **${banner.section.number.value}** of **${banner.section.total.value}**: the cable was sent in ${banner.section.total.value} parts.`);
  if (banner.post || banner.serial) lines.push(`Post **${banner.post?.text ?? '?'}**, serial **${banner.serial?.value ?? '?'}**.`);
  for (const d of banner.damage ?? []) lines.push(`Damaged in transmission: \`${d.text}\` is read as \`${d.repaired}\`.`);
  if (banner.gluedAt) lines.push('The next field runs straight on from the serial: the line break after the banner was lost.');
  const letters = cable.routing?.security?.letters?.level;
  if (letters && c.level) lines.push(letters === c.level ? 'Agrees with the security line.' : `The security line says ${LEVEL_NAME[letters]}.`);
  return lines.join('\n\n');
}


function describeCaption(text: string): string {
  const key = text.replace(/\s+/g, ' ').trim().toUpperCase();
  const spacedKey = key.replace(/ /g, '');
  const meaning = CAPTIONS.find((c) => c.text === key || c.text.replace(/ /g, '') === spacedKey)?.meaning;
  return `**${text.trim()}** — caption (handling instruction)\n\n${meaning ?? 'A caption: a handling or distribution instruction under the banner.'}`;
}

const EXECUTIVE_ORDERS: Record<string, string> = {
  '12958': 'Executive Order 12958, "Classified National Security Information" (1995; amended 2003 by E.O. 13292)',
  '13526': 'Executive Order 13526, "Classified National Security Information" (2009)',
  '12356': 'Executive Order 12356, "National Security Information" (1982)',
  '12065': 'Executive Order 12065, "National Security Information and Material" (1978)',
  '11652': 'Executive Order 11652 (1972)',
};

function describeEo(eo: NonNullable<Cable['eo']>): string {
  const order = eo.order?.text.replace(/\D/g, '');
  const lines = [`**${eo.label.text} ${eo.order?.text ?? ''}** — the classification authority`];
  lines.push(order && EXECUTIVE_ORDERS[order] ? `${EXECUTIVE_ORDERS[order]}.` : order ? `E.O. ${order} is not an order this extension knows (a typo of 12958?).` : 'No order number.');
  if (eo.decl) {
    const d = eo.decl.text.toUpperCase();
    if (d === 'N/A') lines.push('**N/A** — not applicable: the cable is unclassified, so there is no declassification date.');
    else if (d === 'GDS') lines.push('**GDS** — "General Declassification Schedule" of E.O. 11652: downgraded every two years, declassified after six (CONFIDENTIAL), eight (SECRET) or ten years (TOP SECRET).');
    else if (/^XGDS-?\d$/.test(d)) lines.push(`**${eo.decl.text}** — exempt from the General Declassification Schedule of E.O. 11652 (category ${d.slice(-1)}).`);
    else if (d.startsWith('OADR')) lines.push('**OADR** — "Originating Agency\'s Determination Required": no fixed declassification date.');
    else if (/^X\d$/.test(d)) lines.push(`**${d}** — an exemption from automatic declassification (category ${d.slice(1)}).`);
    else lines.push(`Declassify on **${eo.decl.text}**${eo.decl.iso ? ` (\`${eo.decl.iso.slice(0, 10)}\`)` : ''}.`);
  }
  return lines.join('\n\n');
}

function describeTag(code: string): string {
  const info = tags.get(code);
  const lines: string[] = [];
  if (info && info.meanings.length > 0) {
    const first = info.meanings[0]!;
    lines.push(`**${code}** — ${first.meaning}`);
    if (first.unverified) lines.push(tagEvidence(code, info.corpusCount));
    const more = info.meanings.slice(1).map((m) => m.meaning).filter((m) => m !== first.meaning);
    if (more.length) lines.push(`Also given as: ${more.join('; ')}.`);
  } else {
    lines.push(`**${code}** — a TAGS code not in the reference table. Unknown here, not wrong: the table covers fewer than half of the codes seen in real cables.`);
  }
  lines.push(tagKind(code, info?.meanings[0]?.kind));
  return lines.join('\n\n');
}

/**
 * What is known of a meaning that only an informal list gives: where it comes from, whether the
 * official category list names the code with the same meaning, and how common the code is.
 */
function tagEvidence(code: string, corpusCount: number | null): string {
  const parts = ['This meaning is from an informal list of TAGS, not from the State Department\'s list (the part of it this extension has stops at ENRG).'];
  const category = /^[A-Z]{4}$/.test(code) ? tagCategories.get(code[0]!) : undefined;
  const named = category ? new RegExp(`\\b${code}\\s+([^,;)]+)`).exec(category.category) : null;
  if (named) parts.push(`The official category list (5 FAH-3) gives it as an example: **${code}** ${named[1]!.trim()}.`);
  if (corpusCount) parts.push(`${corpusCount} cable${corpusCount === 1 ? '' : 's'} of the corpus carry it.`);
  return parts.join(' ');
}

function tagKind(code: string, kind: string | undefined): string {
  if (kind === 'geo' || /^[A-Z]{2}$/.test(code)) return 'Category: geographic (a two-letter country or area code).';
  const cat = tagCategories.get(code[0] ?? '');
  if (/^[A-Z]{4}$/.test(code) && cat) return `Category: ${cat.category} (TAGS starting with ${cat.letter}).`;
  return 'Category: not known (an organisation name or a free-form code).';
}


function describeClassifiedBy(el: Extract<CableElement, { kind: 'classifiedBy' }>): string {
  const cb = el.classifiedBy;
  if (el.reason) {
    const letter = el.reason.letter?.toUpperCase();
    const clause = el.reason.clause;
    const meaning = letter ? (CLASSIFICATION_REASONS[clause.replace(/\s+/g, '')] ?? CLASSIFICATION_REASONS['1.4'])![letter.toLowerCase()] : undefined;
    return [
      `**${clause}${el.reason.letter ? ` (${el.reason.letter})` : ''}** — classification reason`,
      meaning
        ? `Section ${clause} (${letter!.toLowerCase()}) of the executive order: ${meaning}.`
        : letter
          ? `\`${letter}\` is not a known reason letter (a–h).`
          : `Section ${clause} without a letter: the categories are (a)–(h).`,
      clause === '1.5' ? 'Before 2003 the reasons were in section 1.5 of E.O. 12958; the 2003 amendment moved them to 1.4.' : '',
    ].filter(Boolean).join('\n\n');
  }
  const reasons = cb.reasons.map((r) => (r.letter ? `${r.clause} (${r.letter})` : r.clause)).join(', ');
  return `**Classified By** — the official who classified the cable${cb.classifier ? `: **${cb.classifier.text}**` : ''}${reasons ? `, for reasons ${reasons}` : ''}.`;
}

const LEVEL_MARKING: Record<string, string> = { U: 'Unclassified', C: 'Confidential', S: 'Secret', T: 'Top Secret' };

function describeMarking(text: string, level: Level | undefined, caveats: string[], valid: boolean): string {
  const inner = text.replace(/^\(|\)$/g, '').trim().toUpperCase();
  const row = classificationMarkings.find((m) => m.where === 'paragraph marking' && m.marking.split(/[\s,]+/).some((part) => part.replace(/^\(|\)$/g, '') === inner));
  const lines = [`**${text}** — paragraph marking`];
  if (row) lines.push(`${row.meaning}.`);
  else if (level) {
    const parts = [inner.startsWith('SBU') ? 'Sensitive But Unclassified' : LEVEL_MARKING[level]];
    for (const c of caveats) parts.push(caveatWords(c));
    lines.push(`${parts.join(', ')}.`);
  }
  if (!valid) lines.push('Not the usual shape of a marking (`(U)`, `(SBU)`, `(C)`, `(S/NF)`, `(C/REL NATO)`…).');
  lines.push('The classification of this paragraph alone; the banner gives the whole cable\'s.');
  return lines.join('\n\n');
}

function caveatWords(caveat: string): string {
  const c = caveat.toUpperCase().trim();
  const known = MARKING_CAVEATS[c];
  if (known) return known;
  if (c.startsWith('REL')) return `releasable to ${caveat.replace(/^REL\s*(TO)?\s*/i, '')}`;
  return caveat;
}

/** Who signed: the name, and what the cable itself says of its sender (`FM`, banner, `Classified By`). */
function describeSignature(cable: Cable, name: string): string {
  const from = cable.routing?.from?.name?.text ?? (cable.banner?.post ? `the post at ${cable.banner.post.text}` : undefined);
  const by = cable.classifiedBy?.classifier?.text.trim();
  return [
    `**${name}** — the signer: the surname of the chief of mission (or of the officer in charge) in whose name the cable went out${from ? `, from ${from}` : ''}.`,
    by ? `Classified by ${by}.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

const REF_KIND_WORDS: Record<RefKind, string> = {
  cable: 'A cable',
  date: 'A date (a meeting, a message by its date-time group)',
  intelligenceReport: 'An intelligence information report (IIR)',
  manual: 'A section of the Foreign Affairs Manual or Handbook (FAM, FAH)',
  email: 'An e-mail',
  telcon: 'A telephone conversation',
  message: 'A message of another system (a military message)',
  other: 'A reference that does not name a cable by post and serial',
};

/** A telegraphic abbreviation of the running text, from the glossary; by the post that writes when its meaning depends on it. */
function describeWord(cable: Cable, word: string): string | undefined {
  const post = cable.table?.referenceId?.post ?? cable.banner?.post?.text;
  const entry = lookupGlossary(word, post);
  if (!entry) return undefined;
  const perPost = entry.posts.length ? ` (written from ${post})` : '';
  return `**${word}** — ${entry.meaning}${perPost}.\n\nSource: ${entry.source}.`;
}

// The offices an old telegram's distribution names most (general knowledge of the Department's
// office symbols, not checked against an official list).
const OFFICES: Record<string, string> = {
  AF: 'Bureau of African Affairs', EUR: 'Bureau of European Affairs', EA: 'Bureau of East Asian and Pacific Affairs', EAP: 'Bureau of East Asian and Pacific Affairs',
  NEA: 'Bureau of Near Eastern Affairs', ARA: 'Bureau of Inter-American Affairs', WHA: 'Bureau of Western Hemisphere Affairs', IO: 'Bureau of International Organization Affairs',
  INR: 'Bureau of Intelligence and Research', L: 'the Legal Adviser', H: 'Legislative Affairs', PM: 'Bureau of Politico-Military Affairs', SP: 'Policy Planning Staff',
  SS: 'the Executive Secretariat', PA: 'Bureau of Public Affairs', EB: 'Bureau of Economic and Business Affairs', DRL: 'Bureau of Democracy, Human Rights and Labor',
  PRM: 'Bureau of Population, Refugees and Migration', CIAE: 'the CIA', DODE: 'the Department of Defense', NSAE: 'the NSA', NSCE: 'the National Security Council',
  OMB: 'the Office of Management and Budget', TRSE: 'the Treasury', USIE: 'the US Information Agency',
};

/** `ACTION`, `INFO`, `AF-00`, `/012W` on an old telegram's distribution lines. */
function describeDistribution(code: string): string | undefined {
  const head = 'The Department\'s distribution of an old telegram, added when it was received: not part of the cable as sent.';
  if (code === 'ACTION') return `**ACTION** — the office that acts on the telegram (the code after it).\n\n${head}`;
  if (code === 'INFO') return `**INFO** — the offices that receive copies for information (the codes after it).\n\n${head}`;
  const m = /^([A-Z]{1,5})-(\d\d)$/.exec(code);
  if (m) {
    const office = OFFICES[m[1]!];
    return `**${code}** — office **${m[1]}**${office ? ` (${office})` : ''}, ${Number(m[2])} cop${Number(m[2]) === 1 ? 'y' : 'ies'}: the number after the office symbol counts the copies sent to it (the counts add up to the total after the slash, \`/012W\`).\n\n${head}`;
  }
  const t = /^\/(\d+)\s*W?$/.exec(code);
  if (t) return `**${code}** — the total of copies the distribution lists (${Number(t[1])}).\n\n${head}`;
  return undefined;
}

const GROUPS: Record<string, string> = {
  '1': 'excluded from automatic downgrading and declassification',
  '2': 'exempt from automatic downgrading and declassification',
  '3': 'downgraded at 12-year intervals, not automatically declassified',
  '4': 'downgraded at 3-year intervals, declassified after 12 years',
};

/** `GP-3`: the downgrading group of the classification system before 1972. */
function describeGroup(code: string): string | undefined {
  const n = /^GP-(\d)$/.exec(code)?.[1];
  if (!n) return undefined;
  return `**${code}** — downgrading group ${n} (Executive Order 10501, before E.O. 11652 of 1972): ${GROUPS[n] ?? 'a group this extension does not know'}.`;
}

/** The field of the cable's header an old page header stands in (the subject, the REF block), if any. */
function fieldAround(cable: Cable, m: PageMarker): string | undefined {
  const line = m.range.start.line;
  const inside = (r: { start: { line: number }; end: { line: number } } | undefined) => !!r && r.start.line < line && line <= r.end.line;
  if (inside(cable.subject?.range)) return 'the subject';
  if (inside(cable.refs?.range)) return 'the REF block';
  return undefined;
}

/** `page 2 of section 1 of 3 of HARARE 6677`: where an old page header stands in its telegram. */
function oldPageWords(page: number, section: { number: number; total: number } | undefined, post: string | undefined, serial: number | undefined): string {
  const of = post ? ` of ${post.trim()}${serial !== undefined ? ` ${serial}` : ''}` : '';
  return `page ${page}${section ? ` of section ${section.number} of ${section.total}` : ''}${of}`;
}
