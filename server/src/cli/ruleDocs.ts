/** Where a rule's documentation is for the command line: the same link as the server's (../ruleDocs.ts). */
export { ruleDocUrl as ruleDocLink } from '../ruleDocs';
