import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  COLLECTIONS, SqlStatusStore, Store, businessHoursAt, checkNumberPlan, effectiveExtension, maskSecrets, classifyNumber, countBySeverity, defaultActor, describeDatabaseUrl, exportExtensionsCsv, forceRecord,
  importExtensionsCsv, loadEnterprise, parseDatabaseUrl, planBatch, recordJournal, roamingView, secretBaseDir, serializeEnterprise, summarizeEnterprise,
  withSources, writeFileAtomic,
  type BatchRequest, type BusinessHoursAnswer, type ChangesWaiting, type EffectiveExtension, type CollectionName, type Diagnostic, type Enterprise, type Extension, type ExtensionsCsvImportResult,
  type JournalEntry, type JournalQuery, type LoadedEnterprise,
} from '@acm/core';
import { Collection, accepted, type CollectionTypes, type WriteOptions, type WriteResult } from './collections.js';
import { AcmError, firstLine } from './errors.js';
import * as checks from './checks.js';
import * as deploy from './deploy.js';
import * as monitor from './monitor.js';
import { checkPath, loadPath, type CheckReport } from './model-source.js';
import { LOCAL_OPERATOR, decide, principalOf, type Action, type Principal, type Scope } from './permissions.js';
import { resolveSettings, type Settings, type SettingsInput } from './settings.js';

/** Options of {@link openWorkspace}: settings to resolve (flags, env, config file) or resolved ones, and who acts. */
export interface OpenWorkspaceOptions extends SettingsInput {
  /** Settings already resolved with {@link resolveSettings} (then the other members are ignored). */
  readonly settings?: Settings;
  /** Act as this principal (a console session's account); overrides `account`. */
  readonly principal?: Principal;
}

/** Where a read use case takes its model from: files (`path`), else the workspace's store. */
export interface ModelInput {
  /** An enterprise file or directory of YAML/JSON; relative to the workspace's cwd. */
  readonly path?: string;
}

/** What {@link Workspace.importEnterprise} did or would do. */
export interface ImportReport {
  /** False for a dry run. */
  readonly imported: boolean;
  readonly dryRun: boolean;
  readonly name: string;
  readonly clusters: number;
  readonly extensions: number;
  /** Entities added, updated and removed against what the store held, and whether the settings changed. */
  readonly changes: { readonly added: number; readonly updated: number; readonly removed: number; readonly settings: boolean };
  /** True when the store already held exactly this enterprise (nothing written, nothing waiting). */
  readonly unchanged: boolean;
  readonly validation: { readonly error: number; readonly warning: number; readonly info: number };
  /** The errors a `force` passed (journaled). */
  readonly forced: readonly Diagnostic[];
  readonly journalIds: readonly number[];
}

/** A batch plan as a frontend may show it: no SIP secret and no PIN (they are generated again on submit). */
export interface BatchPlanView {
  readonly status: 'VALID' | 'INVALID';
  readonly request: BatchRequest;
  readonly rightsProfile: string | null;
  readonly extensions: readonly Omit<Extension, 'secret'>[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Who gets what of a model read from the workspace. @internal */
export interface ModelRead {
  readonly enterprise: Enterprise;
  /** Its findings (file, line and column where read from files). */
  readonly diagnostics: readonly Diagnostic[];
  /** True when read from the store. */
  readonly fromStore: boolean;
  /** Where relative `{ file }` secrets are read from. */
  readonly secretBase: string;
  readonly loaded?: LoadedEnterprise;
}

/**
 * Opens a workspace: the one entry point of ACM's use cases. Settings come from `options` (flags),
 * the environment and `acm.config.yaml`, in that order; the store opens on first use.
 *
 * @example
 * ```ts
 * const ws = await openWorkspace({ store: 'sqlite:./acm.db', actor: 'alice' });
 * await ws.importEnterprise({ path: 'examples/enterprise' });
 * await ws.extensions.update('tpa1/5200', { name: 'Alex Horn' });
 * const { plans } = await ws.plan({ cluster: 'tpa1' });
 * await ws.close();
 * ```
 */
export async function openWorkspace(options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  return new Workspace(options.settings ?? resolveSettings(options), options.principal);
}

/** Strips the secrets of a batch plan for output. @internal */
export function publicBatchPlan(plan: ReturnType<typeof planBatch>): BatchPlanView {
  const extensions = plan.extensions.map(({ secret: _s, voicemail, ...x }) => ({
    ...x,
    ...(voicemail === undefined ? {} : { voicemail: { box: voicemail.box, ...(voicemail.email === undefined ? {} : { email: voicemail.email }) } }),
  }));
  return { status: plan.status, request: plan.request, rightsProfile: plan.rightsProfile ?? null, extensions, diagnostics: plan.diagnostics };
}

/**
 * Every ACM use case over one store and one set of settings, with one validation gate and one set
 * of permissions: what the CLI, the console and integrators' scripts all call. Methods return
 * plain data; a refusal, a missing right or bad input is an {@link AcmError} whose `kind` tells a
 * frontend the exit code or HTTP status and whose `diagnostics` carry the model paths.
 */
export class Workspace {
  #store: Promise<Store> | undefined;
  #principal: Promise<Principal> | undefined;
  readonly #given: Principal | undefined;

  /** Extensions, keyed `cluster/number`. */
  readonly extensions: Collection<Extension>;
  /** Groups and their templates. */
  readonly groups: Collection<CollectionTypes['groups']>;
  /** Trunks, keyed `cluster/id` (privileged). */
  readonly trunks: Collection<CollectionTypes['trunks']>;
  /** Access lists. */
  readonly acls: Collection<CollectionTypes['acls']>;
  /** Business hours of service rules. */
  readonly businessHours: Collection<CollectionTypes['businessHours']>;
  /** ACD queues (privileged). */
  readonly queues: Collection<CollectionTypes['queues']>;
  /** Hot-desk phones, keyed `cluster/number`. */
  readonly hotDesks: Collection<CollectionTypes['hotDesks']>;
  /** Conferences, keyed `cluster/number`. */
  readonly conferences: Collection<CollectionTypes['conferences']>;
  /** FAX users. */
  readonly faxUsers: Collection<CollectionTypes['faxUsers']>;
  /** Outbound dialer campaigns (privileged). */
  readonly campaigns: Collection<CollectionTypes['campaigns']>;
  /** Console accounts (administrators only; password hashes never leave). */
  readonly accounts: Collection<CollectionTypes['accounts']>;

  /** @internal Use {@link openWorkspace}. */
  constructor(
    /** The settings in effect. */
    readonly settings: Settings,
    principal?: Principal,
  ) {
    this.#given = principal;
    const make = <T>(name: CollectionName): Collection<T> => this.collection<T>(name);
    this.extensions = make('extensions');
    this.groups = make('groups');
    this.trunks = make('trunks');
    this.acls = make('acls');
    this.businessHours = make('businessHours');
    this.queues = make('queues');
    this.hotDesks = make('hotDesks');
    this.conferences = make('conferences');
    this.faxUsers = make('faxUsers');
    this.campaigns = make('campaigns');
    this.accounts = make('accounts');
  }

  /** Any collection of the model by name (sites, clusters, rights profiles, ... as well as the named ones). */
  collection<T = unknown>(name: CollectionName): Collection<T> {
    if (!(COLLECTIONS as readonly string[]).includes(name)) throw new AcmError('usage', `no collection ${JSON.stringify(name)}; expected one of ${COLLECTIONS.join(', ')}`);
    return new Collection<T>(name, () => this.store(), () => this.principal(), () => this.actor(), (what) => this.require('force', {}, what));
  }

  /** The store URL with any password masked, for messages. */
  get storeName(): string {
    return describeDatabaseUrl(this.settings.store);
  }

  /** True when the store is there to be read: a MySQL/MariaDB store, or a SQLite file that exists (opening would create it). */
  storeExists(): boolean {
    if (this.#store !== undefined) return true;
    const location = parseDatabaseUrl(this.settings.store);
    return 'error' in location ? false : location.dialect !== 'sqlite' || location.file === ':memory:' || existsSync(location.file);
  }

  /** The open store (opened and migrated on first use). `failed` when it cannot be opened. */
  store(): Promise<Store> {
    this.#store ??= Store.open(this.settings.store).catch((e: unknown) => {
      this.#store = undefined;
      throw new AcmError('failed', `cannot open the store ${this.storeName}: ${firstLine(e)}`);
    });
    return this.#store;
  }

  /** Closes the store if it was opened. */
  async close(): Promise<void> {
    const store = this.#store;
    this.#store = undefined;
    if (store !== undefined) await (await store.catch(() => undefined))?.close();
  }

  /**
   * Who acts: the principal given when opening, else the account the settings name (looked up in
   * the stored model), else the local operator (an administrator) on a SQLite store. On a shared
   * MySQL/MariaDB store whose model has accounts, an account must be named.
   */
  principal(): Promise<Principal> {
    this.#principal ??= this.#resolvePrincipal().catch((e: unknown) => {
      this.#principal = undefined;
      throw e;
    });
    return this.#principal;
  }

  async #resolvePrincipal(): Promise<Principal> {
    if (this.#given !== undefined) return this.#given;
    const name = this.settings.account;
    const store = await this.store();
    if (name !== undefined) {
      const account = await store.collection<CollectionTypes['accounts']>('accounts').get(name);
      if (account === undefined) throw new AcmError('usage', `--account: no account ${JSON.stringify(name)} in the stored enterprise`);
      return principalOf(account);
    }
    const location = parseDatabaseUrl(this.settings.store);
    if (!('error' in location) && location.dialect === 'mysql' && (await store.collection('accounts').count()) > 0) {
      throw new AcmError('forbidden', `the store ${this.storeName} is shared and its enterprise has console accounts: name the account to act as (--account, ACM_ACCOUNT or account: in acm.config.yaml)`);
    }
    return LOCAL_OPERATOR;
  }

  /** The name the journal records: the settings' actor, else the account's username, else the OS user. */
  async actor(): Promise<string> {
    if (this.settings.actor !== undefined) return this.settings.actor;
    const p = await this.principal();
    return p === LOCAL_OPERATOR ? defaultActor() : p.username;
  }

  /** True when the acting principal may do `action` on `scope` (see {@link decide}). */
  async can(action: Action, scope: Scope = {}): Promise<boolean> {
    return decide(await this.principal(), action, scope).allowed;
  }

  /** @internal Throws `forbidden` unless the principal may do `action` on `scope`; every use case calls it first. */
  async require(action: Action, scope: Scope, what: string): Promise<void> {
    const d = decide(await this.principal(), action, scope);
    if (!d.allowed) throw new AcmError('forbidden', `${what}: ${d.reason}`);
  }

  /**
   * The model a read use case works on, with its findings: from files when `path` is given (no
   * permission needed: the caller holds the files), else the store's (validated once per revision).
   * @internal
   */
  async model(input: ModelInput = {}): Promise<ModelRead> {
    if (input.path !== undefined) {
      const { enterprise, report, loaded } = await loadPath(input.path, this.settings.cwd);
      return { enterprise, diagnostics: report.diagnostics, fromStore: false, secretBase: secretBaseDir(resolve(this.settings.cwd, input.path)), loaded };
    }
    await this.require('read', {}, 'the enterprise');
    const checked = await (await this.store()).checked();
    if (checked === undefined) throw new AcmError('not-found', `the store ${this.storeName} holds no enterprise: run acm import <path> first`);
    return { enterprise: checked.enterprise, diagnostics: checked.diagnostics, fromStore: true, secretBase: this.settings.secretBase };
  }

  /**
   * The validation gate of every path that turns the model into files or servers (plan, commit,
   * render): errors refuse with the findings, unless `force` (administrators only), which the
   * journal records with the actor when the model is the store's. Returns the errors passed.
   * @internal
   */
  async gate(operation: string, read: ModelRead, force: boolean | undefined, cluster: string | null = null): Promise<Diagnostic[]> {
    const errors = read.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) return [];
    if (force !== true) throw new AcmError('refused', `${operation}: the enterprise has ${errors.length} validation error(s); fix them (acm validate) or force`, errors);
    // Files the caller holds need no right and leave no journal; the store's model does both.
    if (!read.fromStore) return errors;
    await this.require('force', {}, operation);
    await recordJournal((await this.store()).db, await this.actor(), [forceRecord(operation, errors, cluster)]);
    return errors;
  }

  /** Checks a model (files with `path`, else the store's): every finding, counts and a summary. Never throws for bad input. */
  async check(input: ModelInput = {}): Promise<CheckReport> {
    if (input.path !== undefined) return (await checkPath(input.path, this.settings.cwd)).report;
    const read = await this.model();
    const counts = countBySeverity(read.diagnostics);
    return { source: 'store', files: [], unreadable: false, valid: counts.error === 0, counts, summary: summarizeEnterprise(read.enterprise), diagnostics: read.diagnostics };
  }

  /** The stored enterprise (secrets as stored: keep it on the server side). */
  async enterprise(): Promise<Enterprise> {
    return (await this.model()).enterprise;
  }

  /**
   * Replaces the store's enterprise with one read from files (or given): the validation gate
   * refuses a model with errors unless `force`; an identical import writes nothing.
   */
  async importEnterprise(source: ModelInput & { readonly enterprise?: Enterprise }, options: WriteOptions = {}): Promise<ImportReport> {
    await this.require('import', {}, 'import');
    if (options.force === true) await this.require('force', {}, 'import');
    let enterprise = source.enterprise;
    let loaded: LoadedEnterprise | undefined;
    if (enterprise === undefined) {
      if (source.path === undefined) throw new AcmError('usage', 'import: give a path or an enterprise');
      loaded = await loadEnterprise(resolve(this.settings.cwd, source.path));
      const readErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
      if (loaded.enterprise === undefined || readErrors.length > 0) throw new AcmError('unreadable', `${source.path}: cannot be read (${readErrors.length} problem(s))`, withSources(loaded.diagnostics, loaded));
      enterprise = loaded.enterprise;
    }
    const store = await this.store();
    const r = await store.importEnterprise(enterprise, { actor: await this.actor(), ...(options.force === true ? { force: true } : {}), ...(options.dryRun === true ? { dryRun: true } : {}) });
    const located = (ds: readonly Diagnostic[]): Diagnostic[] => (loaded === undefined ? [...ds] : withSources(ds, loaded));
    if (!r.ok) throw new AcmError('refused', `import refused: the enterprise has ${r.diagnostics.length} error(s); fix them (acm validate) or force`, located(r.diagnostics));
    const c = r.changes;
    return {
      imported: options.dryRun !== true,
      dryRun: options.dryRun === true,
      name: enterprise.name,
      clusters: enterprise.clusters.length,
      extensions: enterprise.extensions.length,
      changes: c,
      unchanged: c.added === 0 && c.updated === 0 && c.removed === 0 && !c.settings,
      validation: r.validation,
      forced: located(r.forced ?? []),
      journalIds: r.journalIds,
    };
  }

  /** The stored enterprise as YAML or JSON text (what `acm export` writes; secrets as stored). */
  async exportText(format: 'yaml' | 'json'): Promise<string> {
    await this.require('accounts', {}, 'export (it holds the accounts and secrets)');
    return serializeEnterprise(await this.enterprise(), format);
  }

  /** Writes the stored enterprise to a file atomically; the format follows the extension unless given. */
  async exportTo(file: string, format?: 'yaml' | 'json'): Promise<{ readonly file: string; readonly format: 'yaml' | 'json'; readonly bytes: number; readonly extensions: number }> {
    const f = format ?? (file.endsWith('.json') ? 'json' : 'yaml');
    const text = await this.exportText(f);
    try {
      await writeFileAtomic(resolve(this.settings.cwd, file), text);
    } catch (e) {
      throw new AcmError('failed', `export: ${firstLine(e)}`);
    }
    return { file, format: f, bytes: Buffer.byteLength(text), extensions: (await this.enterprise()).extensions.length };
  }

  /** Changes waiting: the journal entries since each cluster's last deployment (secrets masked). */
  async changes(cluster?: string): Promise<ChangesWaiting[]> {
    await this.require('read', cluster === undefined ? {} : { cluster }, 'changes');
    if (cluster !== undefined) await this.requireCluster(cluster);
    return (await this.store()).changesWaiting(cluster);
  }

  /** The journal (audit trail): every change, import and force, who and when, secrets masked. */
  async journal(query: JournalQuery = {}): Promise<JournalEntry[]> {
    await this.require('read', query.cluster === undefined ? {} : { cluster: query.cluster }, 'journal');
    return (await this.store()).journal(query);
  }

  /** @internal Throws `usage` unless the stored (or given) model has this cluster. */
  async requireCluster(id: string, enterprise?: Enterprise): Promise<void> {
    const e = enterprise ?? (await this.model()).enterprise;
    if (!e.clusters.some((c) => c.id === id)) throw new AcmError('usage', `--cluster: no cluster ${JSON.stringify(id)}`);
  }

  /** Numbers present on several clusters (the guide's roaming view), with the roaming problems. */
  async roaming(input: ModelInput = {}): Promise<{ numbers: Omit<ReturnType<typeof roamingView>['numbers'][number], 'diagnostics'>[]; diagnostics: Diagnostic[]; perNumber: ReturnType<typeof roamingView>['numbers'] }> {
    const read = await this.model(input);
    const view = roamingView(read.enterprise);
    const diagnostics = read.loaded === undefined ? [...view.diagnostics] : withSources([...view.diagnostics], read.loaded);
    return { numbers: view.numbers.map(({ diagnostics: _d, ...n }) => n), diagnostics, perNumber: view.numbers };
  }

  /** Plans a batch of extensions from a group template, checked with the rules of a single edit; nothing is saved. */
  async planBatch(request: BatchRequest, input: ModelInput = {}): Promise<BatchPlanView> {
    const read = await this.model(input);
    return publicBatchPlan(planBatch(read.enterprise, request));
  }

  /** Plans the batch and creates its extensions in the store in one validated, journaled write. */
  async submitBatch(request: BatchRequest, options: WriteOptions = {}): Promise<BatchPlanView & { readonly write: WriteResult }> {
    await this.require('edit', { collection: 'extensions', group: request.group, cluster: request.cluster }, 'batch');
    if (options.force === true) await this.require('force', {}, 'batch');
    const read = await this.model();
    const plan = planBatch(read.enterprise, request);
    if (plan.status !== 'VALID' && options.force !== true) throw new AcmError('refused', `batch ${request.from}-${request.to}: INVALID`, plan.diagnostics.filter((d) => d.severity === 'error'));
    const store = await this.store();
    const result = await store.batch(plan.extensions.map((value) => ({ action: 'create', collection: 'extensions', value })), {
      actor: await this.actor(),
      ...(options.dryRun === true ? { dryRun: true } : {}),
      ...(options.force === true ? { force: true } : {}),
    });
    return { ...publicBatchPlan(plan), write: accepted(result, 'batch', `${request.cluster}/${request.from}-${request.to}`, options.dryRun === true) };
  }

  /** Adds, edits and deletes extensions from CSV (ACM or FreePBX Bulk Handler columns), all or nothing. */
  async importExtensionsCsv(text: string, options: WriteOptions & { readonly file?: string; readonly cluster?: string; readonly group?: string } = {}): Promise<ExtensionsCsvImportResult> {
    await this.require('edit', { collection: 'extensions', ...(options.cluster === undefined ? {} : { cluster: options.cluster }), ...(options.group === undefined ? {} : { group: options.group }) }, 'CSV import');
    if (options.force === true) await this.require('force', {}, 'CSV import');
    const result = await importExtensionsCsv(await this.store(), text, { ...options, actor: await this.actor() });
    if (!result.ok) throw new AcmError('refused', `${options.file ?? 'CSV'}: nothing changed (${result.diagnostics.filter((d) => d.severity === 'error').length} errors)`, result.diagnostics);
    return result;
  }

  /** The extensions as CSV (ACM columns); secrets only with `withSecrets`, for administrators. */
  async exportExtensionsCsv(options: { readonly cluster?: string; readonly withSecrets?: boolean } = {}): Promise<string> {
    await this.require(options.withSecrets === true ? 'accounts' : 'read', options.cluster === undefined ? {} : { cluster: options.cluster }, 'CSV export');
    return exportExtensionsCsv(await this.store(), { ...(options.cluster === undefined ? {} : { cluster: options.cluster }), includeSecrets: options.withSecrets === true });
  }

  /** How the proxy's dp_translate classifies a number: the winning rule, its attrs and the translated number. */
  async classify(number: string, options: ModelInput & { readonly dpid?: number } = {}): Promise<ReturnType<typeof classifyNumber>> {
    const dpid = options.dpid ?? 0;
    if (!Number.isInteger(dpid) || dpid < 0) throw new AcmError('usage', `--dpid: ${JSON.stringify(String(options.dpid))} is not a dialplan id (a whole number >= 0)`);
    return classifyNumber((await this.model(options)).enterprise, number, dpid);
  }

  /** Analyses the proxy number plan: regexes that will not load, shadowed rules, overlaps, gaps. */
  async checkNumberPlan(input: ModelInput = {}): Promise<Diagnostic[]> {
    return checkNumberPlan((await this.model(input)).enterprise);
  }

  /** What a commit would change on each server (files added, changed, removed; reloads), after the validation gate. */
  plan(options: deploy.DeployOptions = {}): Promise<deploy.PlanReport> {
    return deploy.plan(this, options);
  }

  /**
   * Deploys the rendered files of every cluster with changes (or of one): the validation gate, then
   * per cluster staging on every server, backups, an all-or-nothing switch and the needed reloads.
   */
  commit(options: deploy.CommitOptions = {}): Promise<deploy.CommitReport> {
    return deploy.commit(this, options);
  }

  /** Re-applies an earlier deployment's files (staged, backed up and switched like a commit). */
  rollback(id: number, options: Omit<deploy.DeployOptions, 'cluster' | 'force'> = {}): Promise<deploy.DeploymentOutcome> {
    return deploy.rollback(this, id, options);
  }

  /** Deployment history, newest first: who, when, files per server, outcome. */
  deployments(filter: { readonly cluster?: string; readonly limit?: number } = {}): Promise<import('@acm/core').DeploymentRecord[]> {
    return deploy.deployments(this, filter);
  }

  /** A deployment's files against the cluster's deployment before it, as unified diffs per file. */
  deploymentDiff(id: number): Promise<deploy.DeploymentDiff> {
    return deploy.deploymentDiff(this, id);
  }

  /** Frees a cluster's deployment lock left by a commit that died (only when none is running). */
  breakLock(cluster: string): Promise<boolean> {
    return deploy.breakLock(this, cluster);
  }

  /** Renders every server's files (Asterisk, OpenSIPS SQL, provisioning, DNS) into a directory, after the validation gate. */
  render(options: deploy.RenderToOptions): Promise<deploy.RenderReport> {
    return deploy.renderTo(this, options);
  }

  /** Live status: the guide's Current Extension Status, trunks, load and channels (polls each server once, or reads the store). */
  status(options: monitor.StatusOptions = {}): Promise<monitor.StatusReport> {
    return monitor.status(this, options);
  }

  /** Resyncs every server (or a cluster's) once into the store's status tables; per server the counts written. */
  pollOnce(options: ModelInput & { readonly cluster?: string; readonly simulate?: boolean; readonly timeoutMs?: number } = {}): Promise<monitor.PollRow[]> {
    return monitor.pollOnce(this, options);
  }

  /** Keeps polling (AMI events) into the store's status tables until stopped; each committed batch also goes to the store's feed. */
  watch(options: monitor.WatchOptions = {}): Promise<monitor.Watching> {
    return monitor.watch(this, options);
  }

  /** Follows the store's status feed (what a poller in any process writes) until stopped. */
  follow(options: monitor.FollowOptions): Promise<{ stop(): void }> {
    return monitor.follow(this, options);
  }

  /** The store's status feed after `afterId` (oldest first): one read, for a server-sent events route. */
  async feed(afterId: number, options: { readonly clusters?: readonly string[]; readonly limit?: number } = {}): Promise<import('@acm/core').StatusFeedEntry[]> {
    await this.require('read', {}, 'status feed');
    return new SqlStatusStore(await this.store()).feed(afterId, options);
  }

  /** The enterprise health home per cluster (service, routing, Asterisk, server, reporting, ITSP), with the monitoring exit code. */
  health(options: checks.HealthOptions = {}): Promise<checks.HealthReport> {
    return checks.health(this, options);
  }

  /** Verifies each HA cluster (the guide's `sip-ha -v`): VIPs, reachability, trunks, Asterisk, config sync, routing. */
  haVerify(options: checks.HaVerifyOptions = {}): Promise<checks.HaVerifyReport> {
    return checks.haVerify(this, options);
  }

  /** What happens if a server goes down, a cluster is isolated or a site loses its link (no network access). */
  whatIf(scenario: import('@acm/ha').WhatIfScenario, input: ModelInput = {}): Promise<import('@acm/ha').WhatIfResult> {
    return checks.whatIfOf(this, scenario, input);
  }

  /** Compares each declared MySQL/MariaDB topology (master-slave, master-master, rings) with what the servers report. */
  replication(options: checks.ReplicationOptions = {}): Promise<checks.ReplicationCheckReport> {
    return checks.replication(this, options);
  }

  /**
   * The effective settings of an extension (`cluster/number`): rights profile, context, codecs,
   * voicemail and the rest, each with where it came from (the extension, its group's template, or
   * the default): what the renderer, the number space and the status views all use. Secrets masked.
   */
  async resolvedSettings(key: string, input: ModelInput = {}): Promise<EffectiveExtension> {
    const read = await this.model(input);
    const extension = read.enterprise.extensions.find((x) => `${x.cluster}/${x.number}` === key);
    if (extension === undefined) throw new AcmError('not-found', `extensions: no entity ${JSON.stringify(key)}`);
    if (read.fromStore) await this.require('read', { collection: 'extensions', group: extension.group, cluster: extension.cluster }, `extensions ${key}`);
    return maskSecrets(effectiveExtension(read.enterprise, extension));
  }

  /** Whether a group (or one business-hours rule) is open at a time, and by which rule, in its site's time zone. */
  async businessHoursAt(groupOrRule: string, at: Date = new Date(), input: ModelInput & { readonly cluster?: string } = {}): Promise<BusinessHoursAnswer> {
    if (Number.isNaN(at.getTime())) throw new AcmError('usage', '--at: not a time; expected ISO 8601, e.g. 2026-12-02T15:00:00Z');
    const read = await this.model(input);
    if (input.cluster !== undefined) await this.requireCluster(input.cluster, read.enterprise);
    return businessHoursAt(read.enterprise, groupOrRule, at, input.cluster === undefined ? {} : { cluster: input.cluster });
  }
}
