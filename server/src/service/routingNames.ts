import type { Cable, Range } from '../parser';

export interface NameInCable {
  name: string;
  /** The line that gives it: an addressee line, or the FM line for the DE line's station. */
  source: 'TO' | 'INFO' | 'XMT' | 'FM';
  range: Range;
}

/**
 * The names this cable itself gives a routing indicator: `TO RUEHC/SECSTATE WASHDC` names RUEHC;
 * the DE line's station is the FM line's originator. One indicator may carry several addressees
 * (RUEKJCS/SECDEF WASHDC and RUEKJCS/JOINT STAFF WASHDC).
 */
export function namesInCable(cable: Cable, indicator: string): NameInCable[] {
  const out: NameInCable[] = [];
  const routing = cable.routing;
  if (!routing) return out;
  for (const a of routing.addressees) {
    if (a.routingIndicator?.text === indicator && a.name?.text) {
      out.push({ name: a.name.text, source: a.kind, range: a.range });
    }
  }
  if (routing.de?.station?.text === indicator && routing.from?.name?.text) {
    out.push({ name: routing.from.name.text, source: 'FM', range: routing.from.range });
  }
  return out;
}

/** Every routing indicator the cable uses, each once, with the name it gives (if any). */
export function indicatorsInCable(cable: Cable): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const routing = cable.routing;
  if (!routing) return out;
  for (const a of routing.addressees) {
    const ri = a.routingIndicator?.text;
    if (ri && (!out.has(ri) || out.get(ri) === undefined)) out.set(ri, a.name?.text);
  }
  const de = routing.de?.station?.text;
  if (de && !out.get(de)) out.set(de, routing.from?.name?.text);
  for (const line of routing.delivery) for (const ri of line.indicators) if (!out.has(ri.text)) out.set(ri.text, undefined);
  return out;
}

/** Every place the indicator is written in the cable's routing block. */
export function indicatorOccurrences(cable: Cable, indicator: string): Array<{ range: Range; isDefinition: boolean }> {
  const out: Array<{ range: Range; isDefinition: boolean }> = [];
  const routing = cable.routing;
  if (!routing) return out;
  for (const line of routing.delivery) for (const ri of line.indicators) if (ri.text === indicator) out.push({ range: ri.range, isDefinition: false });
  if (routing.de?.station?.text === indicator) out.push({ range: routing.de.station.range, isDefinition: false });
  for (const a of routing.addressees) {
    if (a.routingIndicator?.text === indicator) out.push({ range: a.routingIndicator.range, isDefinition: a.name !== undefined });
  }
  return out;
}
