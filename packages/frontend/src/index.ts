export type { LoweredRule } from './lower-rule.ts';
export {
  type LowerOptions,
  type LowerResult,
  lowerRuleFiles,
  lowerRuleSource,
  lowerRuleSources,
} from './lower-rule-files.ts';
export { createFrontendProject } from './project.ts';
export { checkRegexSubset, type RegexCheck } from './regex-subset.ts';
