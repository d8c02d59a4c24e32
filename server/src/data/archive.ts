/** How WikiLeaks laid the archive out: the facts an importer and a repair must write the same way. */

/** The first line of the WikiLeaks table, as the cablegate pages' conversions write it. */
export const TABLE_HEADER = 'Reference ID Created Released Classification Origin';

/**
 * cables.csv has no released date, but the table has a Released column (read by position). A
 * cable taken from cables.csv says when that file came out: the full archive was released on
 * 2011-08-30 (the time WikiLeaks' own pages give every cable of that release).
 */
export const CABLES_CSV_RELEASED = '2011-08-30 01:44';

/**
 * The line under the table that keeps a cables.csv row's references field (`09SECSTATE31102|
 * 09THEHAGUE663`) when the row is rewritten as a cable: the table has no column for it.
 */
export const REFERENCES_LABEL = 'Referenced cables:';
