/**
 * @kpc/yaml: the one YAML writer of kpc, for everything it writes (policies, tests,
 * PolicyReports). Short lists of scalars are written in flow style. A string is plain only when go-yaml (the YAML 1.1 dialect of the API
 * server, kubectl, Gatekeeper and Kyverno) and YAML 1.2 readers both read it back as the same
 * string; everything else is quoted or escaped, and what no reader can read back is refused.
 */
export {
  blockKeyYaml,
  blockValueYaml,
  doubleQuotedYaml,
  FLOW_LINE_WIDTH,
  flowScalarYaml,
  generatedHeader,
  type HeaderAbout,
  plainReadsBackEverywhere,
  toYamlDocuments,
  YamlEmitError,
  type YamlScalar,
  type YamlWriteOptions,
} from './yaml.ts';
