import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

/**
 * The compose editor's look. Colours are CSS variables set on the editor's wrapper with Tailwind
 * (`editorColours`), so the editor follows the app's light/dark theme without being reconfigured.
 */
const layout = EditorView.theme({
  "&": { color: "var(--cm-fg)", backgroundColor: "var(--cm-bg)", fontSize: "12px" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "inherit", lineHeight: "20px" },
  // CodeMirror's recipe for a minimum height: the gutters then run the editor's full height.
  ".cm-content, .cm-gutter": { minHeight: "344px" },
  ".cm-content": { caretColor: "var(--cm-fg)", padding: "8px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--cm-fg)" },
  ".cm-gutters": { backgroundColor: "var(--cm-gutter-bg)", color: "var(--cm-gutter-fg)", borderRight: "1px solid var(--cm-border)" },
  ".cm-lineNumbers .cm-gutterElement": { minWidth: "3ch", padding: "0 6px 0 8px" },
  ".cm-activeLine": { backgroundColor: "var(--cm-active)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--cm-active)", color: "var(--cm-fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": {
    backgroundColor: "var(--cm-selection)",
  },
  ".cm-placeholder": { color: "var(--cm-gutter-fg)" },
  ".cm-foldPlaceholder": { backgroundColor: "var(--cm-active)", border: "none", color: "var(--cm-gutter-fg)" },
  ".cm-tooltip": { backgroundColor: "var(--cm-bg)", color: "var(--cm-fg)", border: "1px solid var(--cm-border)", borderRadius: "6px" },
  ".cm-tooltip-lint": { fontFamily: "ui-sans-serif, system-ui, sans-serif", fontSize: "13px", maxWidth: "36rem" },
  ".cm-diagnostic": { padding: "4px 8px" },
});

const highlight = HighlightStyle.define([
  { tag: [t.definition(t.propertyName), t.propertyName], color: "var(--cm-key)" },
  { tag: [t.string, t.special(t.string)], color: "var(--cm-string)" },
  { tag: t.content, color: "var(--cm-value)" },
  { tag: [t.number, t.bool, t.null], color: "var(--cm-number)" },
  { tag: [t.comment, t.lineComment], color: "var(--cm-comment)", fontStyle: "italic" },
  { tag: [t.separator, t.punctuation, t.squareBracket, t.brace], color: "var(--cm-punct)" },
  { tag: [t.keyword, t.meta, t.labelName, t.typeName, t.attributeValue], color: "var(--cm-meta)" },
]);

export const editorTheme = [layout, syntaxHighlighting(highlight)];

/** Tailwind classes defining the variables above, for light and dark mode. */
export const editorColours = [
  "[--cm-bg:#ffffff] [--cm-fg:#0f172a] [--cm-gutter-bg:#f8fafc] [--cm-gutter-fg:#94a3b8] [--cm-border:#e2e8f0]",
  "[--cm-active:rgb(241_245_249_/_0.8)] [--cm-selection:#bae6fd]",
  "[--cm-key:#075985] [--cm-string:#047857] [--cm-value:#1e293b] [--cm-number:#6d28d9] [--cm-comment:#64748b]",
  "[--cm-punct:#94a3b8] [--cm-meta:#b45309]",
  "dark:[--cm-bg:#020617] dark:[--cm-fg:#f1f5f9] dark:[--cm-gutter-bg:#0f172a] dark:[--cm-gutter-fg:#64748b] dark:[--cm-border:#1e293b]",
  "dark:[--cm-active:rgb(30_41_59_/_0.55)] dark:[--cm-selection:#334155]",
  "dark:[--cm-key:#7dd3fc] dark:[--cm-string:#6ee7b7] dark:[--cm-value:#e2e8f0] dark:[--cm-number:#c4b5fd] dark:[--cm-comment:#64748b]",
  "dark:[--cm-punct:#64748b] dark:[--cm-meta:#fcd34d]",
].join(" ");
