/**
 * `@acm/sdk`: the workflow layer of ACM. {@link openWorkspace} gives a {@link Workspace} with every
 * use case (validate, edit, batch, import, plan, commit, rollback, status, health, ...), one
 * validation gate and one set of permissions: what the CLI, the console and scripts call.
 * @packageDocumentation
 */
export { AcmError, firstLine } from './errors.js';
export type { AcmErrorKind } from './errors.js';
export { LOCAL_OPERATOR, can, decide, principalOf, scopeOf } from './permissions.js';
export type { Action, Decision, Principal, Scope } from './permissions.js';
export { resolveSettings } from './settings.js';
export type { Settings, SettingsInput } from './settings.js';
export { checkPath, limitDiagnostics, loadPath } from './model-source.js';
export type { CheckReport, DiagnosticLimits, LimitedDiagnostics, LoadedModel, SeverityCounts } from './model-source.js';
export { Collection } from './collections.js';
export type { CollectionTypes, ListQuery, Page, WriteOptions, WriteResult } from './collections.js';
export { Workspace, openWorkspace, publicBatchPlan } from './workspace.js';
export type { BatchPlanView, ImportReport, ModelInput, ModelRead, OpenWorkspaceOptions } from './workspace.js';
export { planView } from './deploy.js';
export type {
  CommitOptions, CommitReport, DeployOptions, DeployProgress, DeploymentDiff, DeploymentOutcome, FileDiff, PlanReport, PlanView, RenderReport,
  RenderToOptions, ServerPlanView,
} from './deploy.js';
export { diffLines, unifiedDiff } from './text-diff.js';
export type { DiffHunk } from './text-diff.js';
export { loadOptions, storedServers } from './monitor.js';
export type { FollowOptions, LoadOptions, PollRow, StatusOptions, StatusReport, StoredServer, WatchOptions, Watching } from './monitor.js';
export { itspFigures } from './checks.js';
export type { HaVerifyOptions, HaVerifyReport, HealthOptions, HealthReport, ReplicationCheckReport, ReplicationOptions, SimulateOptions } from './checks.js';
export { migrateStore, simulateAmi } from './tools.js';
export type { AmiSimulatorOptions, RunningSimulator } from './tools.js';

// What frontends print with: one place for formatting helpers and report renderers, so a frontend imports @acm/sdk only.
export { CODEC_ASSUMPTIONS, LOAD_THRESHOLDS, countBySeverity, formatPath, severityRank, writeFileAtomic } from '@acm/core';
export type { ChangesWaiting, DeploymentRecord, Diagnostic, Enterprise, ExtensionsCsvImportResult, JournalEntry, Severity, StatusFeedEntry } from '@acm/core';
export type { EnterpriseStatusView, ServerPollOutcome, StatusBatch } from '@acm/ami';
export { renderEnterpriseHealth, renderReplicationReport, renderSipHa, renderWhatIf } from '@acm/ha';
export type { HaReport, ReplicationReport, WhatIfResult, WhatIfScenario } from '@acm/ha';
