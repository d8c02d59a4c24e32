/**
 * The cable's fixed vocabularies, defined once for every layer that reads them: the parser, the
 * rules, hovers and completion.
 */

/**
 * Classification reasons by section of the executive order: E.O. 12958 listed them in section 1.5
 * (a)–(g) until its 2003 amendment moved them to 1.4; E.O. 13526 (2009) added (h).
 */
export const CLASSIFICATION_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1.4': {
    a: 'military plans, weapons systems, or operations',
    b: 'foreign government information',
    c: 'intelligence activities (including covert action), intelligence sources or methods, or cryptology',
    d: 'foreign relations or foreign activities of the United States, including confidential sources',
    e: 'scientific, technological, or economic matters relating to national security',
    f: 'United States Government programs for safeguarding nuclear materials or facilities',
    g: 'vulnerabilities or capabilities of systems, installations, projects or plans relating to national security',
    h: 'weapons of mass destruction (added by E.O. 13526, 2009)',
  },
  '1.5': {
    a: 'military plans, weapons systems, or operations',
    b: 'foreign government information',
    c: 'intelligence activities (including special activities), intelligence sources or methods, or cryptology',
    d: 'foreign relations or foreign activities of the United States, including confidential sources',
    e: 'scientific, technological, or economic matters relating to national security',
    f: 'United States Government programs for safeguarding nuclear materials or facilities',
    g: 'vulnerabilities or capabilities of systems, installations, projects or plans relating to national security',
  },
};

export interface Caption {
  /** As written under the banner (`SIPDIS`, `CORRECTED COPY`). */
  text: string;
  /** One line, for completion. */
  short: string;
  /** A sentence, for hovers. */
  meaning: string;
  /** A caption that may also stand on the banner line itself (`UNCLAS E F T O`, `… SENSITIVE`). */
  onBanner?: boolean;
}

/** Captions: handling and distribution instructions under the banner. */
export const CAPTIONS: readonly Caption[] = [
  { text: 'SIPDIS', short: 'SIPRNet distribution', meaning: 'SIPRNet distribution: a copy goes to the State database reachable on SIPRNet (Net-Centric Diplomacy). Often written twice.', onBanner: true },
  { text: 'SENSITIVE', short: 'Sensitive But Unclassified handling', meaning: 'Sensitive But Unclassified handling.', onBanner: true },
  { text: 'NOFORN', short: 'Not releasable to foreign nationals', meaning: 'Not releasable to foreign nationals.', onBanner: true },
  { text: 'EXDIS', short: 'Exclusive distribution', meaning: 'Exclusive distribution: to named officials only.', onBanner: true },
  { text: 'NODIS', short: 'No distribution beyond the addressee', meaning: "No distribution beyond the addressee without the originator's approval.", onBanner: true },
  { text: 'LIMDIS', short: 'Limited distribution', meaning: 'Limited distribution.', onBanner: true },
  { text: 'STADIS', short: 'State Department distribution only', meaning: 'State Department distribution only.', onBanner: true },
  { text: 'NOTAL', short: 'Not sent to all addressees', meaning: 'Not to all: a reference cable that not every addressee received.' },
  { text: 'CHEROKEE', short: "The Secretary's restricted channel", meaning: "A restricted distribution channel for the Secretary of State's most sensitive traffic." },
  { text: 'FOUO', short: 'For Official Use Only', meaning: 'For Official Use Only: unclassified but not for public release.', onBanner: true },
  { text: 'EFTO', short: 'Encrypted for transmission only', meaning: 'Encrypted For Transmission Only: unclassified traffic sent encrypted.', onBanner: true },
  { text: 'ORCON', short: 'Originator controlled', meaning: 'Originator controlled: further dissemination only with the originator\'s approval (an intelligence control marking).' },
  { text: 'NOCONTRACT', short: 'Not releasable to contractors', meaning: 'Not releasable to contractors or consultants (an intelligence control marking).' },
  { text: 'PROPIN', short: 'Proprietary information', meaning: 'Caution: proprietary information involved (an intelligence control marking).' },
  { text: 'CORRECTED COPY', short: 'Corrects an earlier transmission', meaning: 'A re-transmission correcting an earlier copy; it often says what was corrected.' },
  { text: 'SENSITIVE BUT UNCLASSIFIED', short: 'Sensitive But Unclassified', meaning: 'Sensitive But Unclassified handling.' },
  { text: 'FOR OFFICIAL USE ONLY', short: 'For Official Use Only', meaning: 'For Official Use Only: unclassified but not for public release.' },
];

export interface PrecedenceWord {
  word: string;
  short: string;
  meaning: string;
}

/** ACP 127 precedence prosigns: one letter before the date-time group, doubled on the delivery line (`OO`). */
export type PrecedenceCode = 'Z' | 'O' | 'P' | 'R';
export const PRECEDENCE_NAME: Readonly<Record<PrecedenceCode, string>> = {
  Z: 'FLASH',
  O: 'IMMEDIATE',
  P: 'PRIORITY',
  R: 'ROUTINE',
};

/** What a paragraph marking's caveat abbreviations stand for (`(S/NF)`, `(U//FOUO)`). */
export const MARKING_CAVEATS: Readonly<Record<string, string>> = {
  NF: 'Noforn (not releasable to foreign nationals)',
  NOFORN: 'Noforn (not releasable to foreign nationals)',
  N: 'Noforn (not releasable to foreign nationals)',
  FOUO: 'For Official Use Only',
};

/** The precedence words an addressee line may end with, most urgent first. */
export const PRECEDENCE_WORDS: readonly PrecedenceWord[] = [
  { word: 'FLASH', short: 'Highest precedence', meaning: 'the highest precedence, handled ahead of all other traffic.' },
  { word: 'NIACT IMMEDIATE', short: 'Night action: act at once, even outside office hours', meaning: '"night action": the addressee must act on it at once, even outside office hours.' },
  { word: 'NIACT', short: 'Night action', meaning: '"night action": the addressee must act on it at once, even outside office hours.' },
  { word: 'IMMEDIATE', short: 'Handle as soon as possible', meaning: 'to be handled as soon as possible.' },
  { word: 'PRIORITY', short: 'Ahead of routine traffic', meaning: 'ahead of routine traffic.' },
  { word: 'ROUTINE', short: 'Normal precedence', meaning: 'the normal precedence.' },
];

/**
 * A routing indicator: 5–7 capitals starting with R (RUEHC, RUEHTA, RUEKJCS, RHEHNSC). As a
 * regular-expression source, so the grammar and the parser's patterns share it.
 */
export const ROUTING_INDICATOR_SOURCE = 'R[A-Z]{4,6}';
const ROUTING_INDICATOR = new RegExp(`^${ROUTING_INDICATOR_SOURCE}$`);

export function isRoutingIndicator(s: string): boolean {
  return ROUTING_INDICATOR.test(s);
}
