/**
 * Recognises unrendered Helm / Go templates (`{{ .Values.x }}`, `{{- if … }}`): such a file
 * is not a manifest yet, and its YAML errors say nothing useful. The loader reports one
 * LOAD_TEMPLATE instead (docs/loader.md, "Templates").
 */

/**
 * A Go template action: `{{` (optionally `{{-`), then what actions start with — a field or
 * variable (`.Values`, `$x`), a keyword, a function call, a comment or a pipeline in
 * parentheses. https://pkg.go.dev/text/template#hdr-Actions
 */
const ACTION =
  /\{\{-?\s*(?:[.$(]|\/\*|(?:if|else|end|range|with|define|template|block|include|toYaml|tpl|printf|required|default|quote|nindent|indent|lookup)\b)/;

/** The offset of the first Go template action in `text`, or undefined when there is none. */
export function templateActionOffset(text: string): number | undefined {
  const m = ACTION.exec(text);
  return m === null ? undefined : m.index;
}
