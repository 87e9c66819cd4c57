/**
 * `@acm/core`: the enterprise model, its schema and validation, loading and saving.
 * @packageDocumentation
 */
export type { Diagnostic, ModelPath, RelatedInfo, Severity, SourceLocation } from './diagnostics/diagnostic.js';
export { countBySeverity, formatPath, hasErrors, severityRank } from './diagnostics/diagnostic.js';
export type { CatalogueEntry, CatalogueSection } from './diagnostics/catalogue-entry.js';
export type { DiagOptions } from './diagnostics/catalogue.js';
export { CATALOGUE, diag } from './diagnostics/catalogue.js';

export * from './model/index.js';
export * from './dialplan/index.js';
export * from './number-space/index.js';
export * from './business-hours/index.js';
export * from './asterisk-config/index.js';
export * from './store/index.js';
export * from './journal/index.js';
export * from './csv/index.js';
export * from './exec/index.js';
export * from './deploy/index.js';
export * from './config/index.js';

export type { Format, FormatName } from './schema/formats.js';
export { ASTERISK_CODECS, FORMATS, isMonthDay, parseTimeOfDay } from './schema/formats.js';
export type { Ipv4Network } from './schema/net.js';
export { formatIpv4, inIpv4Network, isIpv6, parseIpv4, parseIpv4Network } from './schema/net.js';
export type { NumberOptions, OptionalSchema, Schema, Shape, StringOptions } from './schema/schema.js';
export { SchemaContext, arr, bool, checkSchema, either, num, obj, oneOf, opt, record, str } from './schema/schema.js';
export { editDistance, suggest } from './schema/did-you-mean.js';

export type { LoadedEnterprise, SourceFormat } from './load/load-enterprise.js';
export { MAX_FILE_BYTES, loadEnterprise, parseEnterprise, withSources } from './load/load-enterprise.js';
export { canonicalDocument, ensureDir, naturalCompare, saveEnterprise, serializeEnterprise, splitBySite, writeFileAtomic } from './load/save-enterprise.js';

export type { Indexed, ServerRef } from './validate/model-index.js';
export { ModelIndex, extensionKey } from './validate/model-index.js';
export type { Lifecycle, Rule } from './validate/rule.js';
export { RuleContext } from './validate/rule.js';
export type { ValidateOptions } from './validate/validate.js';
export { MODEL_RULES, applyPolicy, defaultValidationRules, validate } from './validate/validate.js';
export type { ModelEdit, ValidationDelta, ValidatorOptions } from './validate/validator.js';
export { Validator } from './validate/validator.js';
export { NUMBER_PLAN } from './validate/rules/number-plan.js';
export { EMERGENCY, trunksServing } from './validate/rules/emergency.js';
export { checkNumberPlan, classifyNumber } from './validate/number-plan-check.js';
export type { PinWeakness, SecretWeakness } from './validate/rules/secrets.js';
export { pinWeaknesses, secretWeaknesses } from './validate/rules/secrets.js';

export type { CheckResult } from './check/check-enterprise.js';
export { checkEnterprise, checkEnterpriseText } from './check/check-enterprise.js';
export type { ClusterSummary, EnterpriseSummary } from './check/summarize.js';
export { summarizeEnterprise } from './check/summarize.js';
export { generateSecret, hashPassword, verifyPassword } from './auth/password.js';
export type { GenerateOptions, SyntheticSize } from './synthetic/generate-enterprise.js';
export { SYNTHETIC_SIZES, generateEnterprise } from './synthetic/generate-enterprise.js';

export type { CodecAssumption, LoadAlarm, LoadFigures, LoadThresholds, TrunkLoad } from './capacity/trunk-load.js';
export { CODEC_ASSUMPTIONS, LOAD_THRESHOLDS, loadFigures, trunkLoad } from './capacity/trunk-load.js';
