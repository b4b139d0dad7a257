export { awkwardString, imageString, workloadArbitrary } from './arbitraries.ts';
export {
  CelContext,
  celEnvironment,
  flattenGroups,
  fromCelValue,
  type KyvernoBindings,
  type NumberMode,
  toCelValue,
  type VariableDecl,
} from './evaluate-cel.ts';
export { SAMPLE_RULES, type SampleRule } from './sample-rules.ts';
