/**
 * Keeps VS Code's code-oriented decorations off the prose of a cable, where the language
 * configuration and `configurationDefaults["[cable]"]` in package.json cannot reach.
 */
import * as vscode from 'vscode';

/**
 * A colour provider that finds no colours. Without one, VS Code's built-in default colour
 * provider paints a swatch before `#2318` in the DE line (it reads `#2318` as a CSS colour).
 * `"[cable]": {"editor.colorDecorators": false}` turns that off for editors opened later, but not
 * for those VS Code restores after a reload: the colour detector starts computing when the model
 * is attached, before the editor has its `[cable]` options; when the options arrive it removes
 * the decorations without cancelling the computation under way, whose result (from the slow
 * editor worker at start-up) then puts the swatch back. Registering any provider for the language
 * makes the detector stop and recompute (now disabled), and a provider that answers, even with
 * nothing, keeps the default provider from ever being asked for cables.
 */
export function registerNoColours(): vscode.Disposable {
  return vscode.languages.registerColorProvider(
    { language: 'cable' },
    {
      provideDocumentColors: () => [],
      provideColorPresentations: () => [],
    },
  );
}
