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
