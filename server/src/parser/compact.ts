/**
 * A cable's lists are built by pushing, and a list that has grown by push keeps room for more: a
 * list of one token holds seventeen places. The model is kept for as long as the document is open,
 * so once a cable is read its lists are copied at their length (same items, same order). Only the
 * cable's own lists are copied, by name: a walk over every object of the model would cost more
 * than the room it gives back.
 */
import type { Cable } from './model';

/**
 * The cable's empty list: every list of the cable left empty (most paragraphs' items and markings'
 * caveats, most cables' trailers, redactions, BT and NNNN lines…) is this one, not an object of its
 * own each (about 24,000 in an 8 MB export; one per cable now). Frozen, as the model's lists are
 * read, not changed; one per cable, as no object of the model hangs from two cables' steps (each
 * step's objects are moved on their own).
 */
let none: never[] = [];

/** The list at its length; an empty one is the cable's empty list. */
function exact<T>(list: T[]): T[] {
  return list.length ? list.slice() : (none as T[]);
}

export function compactCable(cable: Cable): void {
  none = Object.freeze([]) as unknown as never[];
  cable.captions = exact(cable.captions);
  cable.officeLines = exact(cable.officeLines);
  cable.problems = exact(cable.problems);
  if (cable.metadata) cable.metadata = exact(cable.metadata);
  if (cable.printout) {
    cable.printout.header = exact(cable.printout.header);
    cable.printout.distribution = exact(cable.printout.distribution);
  }
  const r = cable.routing;
  if (r) {
    r.delivery = exact(r.delivery);
    for (const d of r.delivery) d.indicators = exact(d.indicators);
    r.addressees = exact(r.addressees);
    r.pageHeaders = exact(r.pageHeaders);
    r.otherLines = exact(r.otherLines);
    r.bt = exact(r.bt);
    r.nnnn = exact(r.nnnn);
    if (r.security) r.security.signals = exact(r.security.signals);
  }
  if (cable.banner?.damage) cable.banner.damage = exact(cable.banner.damage);
  if (cable.tags) {
    cable.tags.codes = exact(cable.tags.codes);
    cable.tags.persons = exact(cable.tags.persons);
    cable.tags.glued = exact(cable.tags.glued);
  }
  if (cable.subject) cable.subject.parts = exact(cable.subject.parts);
  if (cable.refs) {
    cable.refs.entries = exact(cable.refs.entries);
    for (const e of cable.refs.entries) e.cables = exact(e.cables);
  }
  if (cable.classifiedBy) cable.classifiedBy.reasons = exact(cable.classifiedBy.reasons);
  const b = cable.body;
  b.sections = exact(b.sections);
  b.paragraphs = exact(b.paragraphs);
  for (const p of b.paragraphs) {
    p.items = exact(p.items);
    if (p.marking && p.marking.caveats.length === 0) p.marking.caveats = none;
  }
  b.blocks = exact(b.blocks);
  b.pageMarkers = exact(b.pageMarkers);
  for (const m of b.pageMarkers) if (m.classification) m.classification = exact(m.classification);
  b.redactions = exact(b.redactions);
  b.trailers = exact(b.trailers);
  if (b.damage) b.damage = exact(b.damage);
}
