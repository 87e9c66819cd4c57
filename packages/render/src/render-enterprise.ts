import type { RenderedFile as CoreRenderedFile } from '@acm/core';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  extensionResolver, musicOnHoldClasses, naturalCompare, type Cluster, type Diagnostic, type Enterprise, type Extension, type HotDesk, type ModelPath, type Provisioning, type Server, type Site,
} from '@acm/core';
import { ASTERISK_GENERATORS, reloadFor } from './generators.js';
import { indexEnterprise } from './enterprise-index.js';
import { clusterParts, managerView, type ContextOptions, type RenderContext } from './render-context.js';
import { RenderError } from './render-error.js';
import { RenderReport } from './render-report.js';
import { createSecretResolver, type SecretResolver } from './secret-resolver.js';
import { TemplateSet } from './template-set.js';

/** One rendered file: core's deployable {@link CoreRenderedFile} plus its size, with the reload always set. */
export interface RenderedFile extends CoreRenderedFile {
  /** Path relative to its root: the server root (`etc/asterisk/pjsip.conf`) or the output root (`dns/tpa.zone`). */
  readonly path: string;
  readonly size: number;
  /** Asterisk CLI command applying a change of this file; empty when none. */
  readonly reload: string;
}

/** The files of one server. */
export interface ServerRender {
  readonly cluster: string;
  readonly server: string;
  readonly files: readonly RenderedFile[];
}

/** One line of a server's manifest. */
export interface ManifestEntry { readonly path: string; readonly sha256: string; readonly size: number; readonly reload: string }
/** What a deploy needs to know about a server's files: hashes to diff, and what to reload. */
export interface Manifest { readonly cluster: string; readonly server: string; readonly files: readonly ManifestEntry[] }

/** Everything rendered from an enterprise. */
export interface RenderResult {
  readonly servers: readonly ServerRender[];
  /** Files outside the servers, relative to the output root: `opensips/`, `<cluster>/provisioning/`, `dns/`. */
  readonly files: readonly RenderedFile[];
  /** Duplicate dialplan extensions left out, per cluster. */
  readonly skipped: readonly { readonly cluster: string; readonly context: string; readonly exten: string }[];
  /**
   * Every problem met, with its path in the model (`['trunks', 3, 'auth', 'secret']`): codes `render.*`
   * and `ref.unknown` from core's catalogue. Servers and files they concern are not in the result.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/** An extra file a script adds to every server of a cluster. */
export interface ExtraFile { readonly path: string; readonly content: string; readonly reload?: string }

/** Options of {@link renderEnterprise}. */
export interface RenderOptions extends ContextOptions {
  /** Resolves secret references; default inline + env + files relative to the cwd. */
  readonly secrets?: SecretResolver;
  /** Only these clusters (all when omitted). Enterprise-wide files are rendered either way. */
  readonly clusters?: readonly string[];
  /**
   * Site customisation root: `<root>/clusters/<cluster>/<template>.hbs` beats `<root>/sites/<site>/<template>.hbs`
   * beats the built-in template; files under `.../extra/` are added to `etc/asterisk/` (`.hbs` ones rendered).
   */
  readonly templateRoot?: string;
  /** Adds data to every render context, visible to templates as `extra`. */
  readonly extend?: (ctx: RenderContext) => Record<string, unknown>;
  /** Adds files to each server from its render context. */
  readonly extraFiles?: (ctx: RenderContext) => readonly ExtraFile[];
}

/** Builds a {@link RenderedFile}: hashes and sizes the content. */
export function renderedFile(path: string, content: string, reload = ''): RenderedFile {
  return { path, content, sha256: createHash('sha256').update(content, 'utf8').digest('hex'), size: Buffer.byteLength(content, 'utf8'), reload };
}

/** The manifest of one server's files. */
export function manifestOf(server: ServerRender): Manifest {
  return { cluster: server.cluster, server: server.server, files: server.files.map(({ path, sha256, size, reload }) => ({ path, sha256, size, reload })) };
}

function overrideDirs(root: string | undefined, cluster: Cluster): string[] {
  if (!root) return [];
  return [join(root, 'clusters', cluster.id), join(root, 'sites', cluster.site)].filter((d) => existsSync(d));
}

function extraTemplates(dirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  // Most specific directory first: the first one to name a file wins.
  for (const d of dirs) {
    const extra = join(d, 'extra');
    if (!existsSync(extra)) continue;
    for (const f of readdirSync(extra).sort()) {
      const p = join(extra, f);
      if (!statSync(p).isFile()) continue;
      const name = f.endsWith('.hbs') ? f.slice(0, -4) : f;
      if (!out.has(name)) out.set(name, p);
    }
  }
  return out;
}

/**
 * Renders an enterprise: the Asterisk files of every server (per cluster), the OpenSIPS number plan,
 * provisioning files and DNS fragments. Deterministic: same input, same bytes.
 *
 * Never throws for bad data: every problem met (a secret that cannot be resolved, a reference to
 * nothing, a template override that fails) is a {@link Diagnostic} of `diagnostics`, with its path in
 * the model, and the render goes on. A server whose files cannot all be rendered correctly is left
 * out of `servers` (`render.server-left-out`), as are other files that would be wrong
 * (`render.files-left-out`): what is returned is right, what is wrong is not returned.
 *
 * @example
 * ```ts
 * const { servers, diagnostics } = renderEnterprise(enterprise, { secrets: createSecretResolver() });
 * for (const d of diagnostics) console.log(d.code, formatPath(d.path)); // render.secret-unresolved trunks[3].auth.secret
 * ```
 */
export function renderEnterprise(enterprise: Enterprise, options: RenderOptions = {}): RenderResult {
  return renderParts(enterprise, options, true);
}

/** What `renderServers` returns: the servers rendered correctly, and every problem met. */
export interface ServersRender {
  readonly servers: readonly ServerRender[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The files of the servers of the asked clusters only: what a deployment plan needs, without the
 * provisioning files, the number plan and the DNS zones (whole-enterprise work).
 */
export function renderServers(enterprise: Enterprise, options: RenderOptions = {}): ServersRender {
  const { servers, diagnostics } = renderParts(enterprise, options, false);
  return { servers, diagnostics };
}

/** Model references a cluster's files depend on and that have nothing behind them (`ref.unknown`). */
function checkReferences(enterprise: Enterprise, cluster: Cluster, exts: readonly Extension[], report: RenderReport): void {
  const groups = new Map(enterprise.groups.map((g, i) => [g.id, { g, i }]));
  const profiles = new Set(enterprise.rightsProfiles.map((p) => p.id));
  for (const e of exts) {
    const i = report.indexOf('extensions', e);
    const group = groups.get(e.group);
    if (!group) report.add('ref.unknown', ['extensions', i, 'group'], { kind: 'group', value: e.group });
    // An extension whose profile does not exist would get a context no dialplan defines.
    if (e.rightsProfile !== undefined && !profiles.has(e.rightsProfile)) report.add('ref.unknown', ['extensions', i, 'rightsProfile'], { kind: 'rights profile', value: e.rightsProfile });
    else if (e.rightsProfile === undefined && group?.g.rightsProfile !== undefined && !profiles.has(group.g.rightsProfile)) report.add('ref.unknown', ['groups', group.i, 'rightsProfile'], { kind: 'rights profile', value: group.g.rightsProfile });
  }
  const classes = new Set(musicOnHoldClasses(enterprise.musicOnHold).map((m) => m.id));
  for (const q of enterprise.queues) {
    if (q.cluster === cluster.id && q.musicOnHold !== undefined && !classes.has(q.musicOnHold)) {
      report.add('ref.unknown', ['queues', report.indexOf('queues', q), 'musicOnHold'], { kind: 'music-on-hold class', value: q.musicOnHold });
    }
  }
}

/** Runs `render`, turning a template failure into a diagnostic at `path`; undefined when it failed. */
function templated<T>(report: RenderReport, path: ModelPath, cluster: string | undefined, render: () => T): T | undefined {
  try {
    return render();
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    report.add(e.code, path, { ...(cluster === undefined ? {} : { cluster }), template: e.where, error: e.detail });
    return undefined;
  }
}

function renderParts(enterprise: Enterprise, options: RenderOptions, withFiles: boolean): RenderResult {
  const report = new RenderReport(enterprise, options.secrets ?? createSecretResolver());
  const servers: ServerRender[] = [];
  const files: RenderedFile[] = [];
  const skipped: { cluster: string; context: string; exten: string }[] = [];
  const done = (): RenderResult => ({ servers, files, skipped, diagnostics: report.diagnostics });
  const wanted = options.clusters ? new Set(options.clusters) : undefined;
  if (wanted) for (const id of wanted) if (!enterprise.clusters.some((c) => c.id === id)) report.add('render.unknown-cluster', ['clusters'], { cluster: id });
  // Without the site's templates every file would be rendered wrong: nothing is.
  if (options.templateRoot !== undefined && !existsSync(options.templateRoot)) {
    report.add('render.template-root', [], { templateRoot: options.templateRoot });
    return done();
  }
  const clusters = [...enterprise.clusters].sort((a, b) => naturalCompare(a.id, b.id)).filter((c) => !wanted || wanted.has(c.id));
  const builtin = new TemplateSet();
  const index = indexEnterprise(enterprise);
  for (const cluster of clusters) {
    const ci = report.indexOf('clusters', cluster);
    const clusterPath = ['clusters', ci];
    const leaveOut = (server: Server, problems: number): void => {
      report.add('render.server-left-out', [...clusterPath, 'servers', cluster.servers.indexOf(server)], { cluster: cluster.id, server: server.id, problems });
    };
    const sortedServers = [...cluster.servers].sort((a, b) => naturalCompare(a.id, b.id));
    const before = report.problems;
    const site = enterprise.sites.find((s) => s.id === cluster.site);
    if (!site) report.add('ref.unknown', [...clusterPath, 'site'], { kind: 'site', value: cluster.site });
    checkReferences(enterprise, cluster, index.extensionsOf(cluster.id), report);
    const dirs = overrideDirs(options.templateRoot, cluster);
    const templates = dirs.length > 0 ? new TemplateSet(dirs) : builtin;
    const parts = site ? clusterParts(enterprise, cluster, site, report, options, index) : undefined;
    const clusterProblems = report.problems - before;
    if (!site || !parts || clusterProblems > 0) {
      // The files every server of the cluster shares would be wrong.
      for (const server of sortedServers) leaveOut(server, clusterProblems);
      continue;
    }
    for (const s of parts.skipped) skipped.push({ cluster: cluster.id, ...s });
    // Files that do not depend on the server, rendered once per cluster (null: that template failed).
    const shared = new Map<string, RenderedFile | null>();
    const extras = extraTemplates(dirs);
    for (const server of sortedServers) {
      const serverBefore = report.problems;
      const si = cluster.servers.indexOf(server);
      const base = { ...parts, server, manager: null, extra: {} } as RenderContext;
      const ctx0: RenderContext = { ...base, manager: managerView(cluster, server, report, [...clusterPath, 'servers', si, 'ami', 'secret'], options) };
      const ctx: RenderContext = { ...ctx0, extra: options.extend ? options.extend(ctx0) : {} };
      const out: RenderedFile[] = [];
      let failed = report.problems > serverBefore;
      for (const g of ASTERISK_GENERATORS) {
        if (g.wanted && !g.wanted(ctx)) continue;
        let file = g.perServer ? undefined : shared.get(g.path);
        if (file === undefined) {
          const content = templated(report, clusterPath, cluster.id, () => templates.get(g.template)(ctx));
          file = content === undefined ? null : renderedFile(g.path, content, g.reload);
          if (!g.perServer) shared.set(g.path, file);
        }
        if (file === null) failed = true;
        else out.push(file);
      }
      for (const [name, path] of extras) {
        const text = readFileSync(path, 'utf8');
        const content = path.endsWith('.hbs') ? templated(report, clusterPath, cluster.id, () => new TemplateSet([]).compileText(text, path)(ctx)) : text;
        if (content === undefined) failed = true;
        else out.push(renderedFile(`etc/asterisk/${name}`, content, reloadFor(name)));
      }
      for (const f of options.extraFiles?.(ctx) ?? []) out.push(renderedFile(f.path, f.content, f.reload ?? reloadFor(f.path)));
      if (failed) leaveOut(server, report.problems - serverBefore);
      else servers.push({ cluster: cluster.id, server: server.id, files: out });
    }
    if (withFiles) {
      const provBefore = report.problems;
      const prov = renderProvisioning(enterprise, cluster, site, report, templates, clusterPath);
      if (report.problems > provBefore) report.add('render.files-left-out', clusterPath, { what: `${cluster.id}/provisioning`, problems: report.problems - provBefore });
      else files.push(...prov);
    }
  }
  if (!withFiles) return done();
  const sql = templated(report, ['numberPlan'], undefined, () => renderNumberPlan(enterprise, builtin));
  if (sql) files.push(sql);
  for (const site of [...enterprise.sites].sort((a, b) => naturalCompare(a.id, b.id))) {
    const zone = templated(report, ['sites', enterprise.sites.indexOf(site)], undefined, () => renderSiteZone(enterprise, site, builtin));
    if (zone) files.push(zone);
  }
  return done();
}

/** Host names phones use for a cluster: `<cluster>.<site dns domain>`. */
function siteDomain(enterprise: Enterprise, site: Site): string | undefined {
  return site.dnsDomain ?? (enterprise.domain ? `${site.id}.${enterprise.domain}` : undefined);
}

const VENDOR_FILES: Record<string, readonly { readonly template: string; readonly name: (mac: string) => string }[]> = {
  snom: [{ template: 'provisioning/snom.xml.hbs', name: (m) => `${m.toUpperCase()}.xml` }],
  yealink: [{ template: 'provisioning/yealink.cfg.hbs', name: (m) => `${m}.cfg` }],
  polycom: [{ template: 'provisioning/polycom.cfg.hbs', name: (m) => `${m}.cfg` }, { template: 'provisioning/polycom-reg.cfg.hbs', name: (m) => `${m}-reg.cfg` }],
  cisco: [{ template: 'provisioning/cisco.xml.hbs', name: (m) => `spa${m}.xml` }],
  grandstream: [{ template: 'provisioning/grandstream.xml.hbs', name: (m) => `cfg${m}.xml` }],
  digium: [{ template: 'provisioning/digium.cfg.hbs', name: (m) => `${m}.cfg` }],
};

/** Vendors ACM writes provisioning files for. */
export const PROVISIONED_VENDORS: readonly string[] = Object.keys(VENDOR_FILES);

function renderProvisioning(enterprise: Enterprise, cluster: Cluster, site: Site, report: RenderReport, templates: TemplateSet, clusterPath: ModelPath): RenderedFile[] {
  const domain = siteDomain(enterprise, site);
  const phones: { number: string; name: string; username: string; secretOf: () => string; prov: Provisioning; transport: string; srv: boolean }[] = [];
  const effective = extensionResolver(enterprise);
  for (const e of enterprise.extensions) {
    if (e.cluster !== cluster.id || !e.provisioning) continue;
    const s = effective(e);
    phones.push({ number: e.number, name: e.name, username: e.authUser ?? e.number, secretOf: () => report.secret(e.secret, ['extensions', report.indexOf('extensions', e), 'secret']), prov: e.provisioning, transport: s.sipTransport ?? 'udp', srv: s.fallback.value === 'dns-srv' });
  }
  for (const h of enterprise.hotDesks as readonly HotDesk[]) {
    if (h.cluster !== cluster.id || !h.provisioning) continue;
    phones.push({ number: h.number, name: h.name, username: h.number, secretOf: () => report.secret(h.secret, ['hotDesks', report.indexOf('hotDesks', h), 'secret']), prov: h.provisioning, transport: 'udp', srv: false });
  }
  phones.sort((a, b) => naturalCompare(a.prov.mac, b.prov.mac));
  const out: RenderedFile[] = [];
  for (const p of phones) {
    const kinds = VENDOR_FILES[p.prov.vendor];
    if (!kinds) continue;
    const mac = p.prov.mac.replace(/[:-]/g, '').toLowerCase();
    // Phones with DNS-SRV fallback register to their cluster's name, so SRV can send them elsewhere.
    const server = p.srv && domain ? `${cluster.id}.${domain}` : cluster.voiceVip.address;
    const view = {
      mac, model: p.prov.model ?? '', number: p.number, name: p.name, username: p.username, password: p.secretOf(), server,
      port: p.transport === 'tls' ? 5061 : 5060, transport: p.transport, useSrv: p.srv && domain ? 'Yes' : 'No',
      yealinkTransport: p.transport === 'tls' ? 2 : p.transport === 'tcp' ? 1 : 0, grandstreamTransport: p.transport === 'tls' ? 2 : p.transport === 'tcp' ? 1 : 0, polycomTransport: p.transport === 'tls' ? 'TLS' : p.transport === 'tcp' ? 'TCPOnly' : 'UDPOnly',
    };
    for (const k of kinds) {
      const content = templated(report, clusterPath, cluster.id, () => templates.get(k.template)(view));
      if (content !== undefined) out.push(renderedFile(`${cluster.id}/provisioning/${k.name(mac)}`, content));
    }
  }
  return out;
}

function renderNumberPlan(enterprise: Enterprise, templates: TemplateSet): RenderedFile | undefined {
  const plan = enterprise.numberPlan;
  if (!plan || (plan.rules.length === 0 && (plan.aliases ?? []).length === 0)) return undefined;
  const dpids = [...new Set(plan.rules.map((r) => r.dpid))].sort((a, b) => a - b).map((dpid) => ({
    dpid,
    rules: plan.rules.filter((r) => r.dpid === dpid).sort((a, b) => a.id - b.id).map((r) => ({
      id: r.id, dpid: r.dpid, pr: r.pr, matchOp: r.matchOp, matchExp: r.matchExp, matchFlags: r.matchFlags,
      substExp: r.substExp ?? null, replExp: r.replExp ?? null, timerec: r.timerec ?? null, disabled: r.disabled ? 1 : 0, attrs: r.attrs,
    })),
  }));
  const aliases = [...(plan.aliases ?? [])].sort((a, b) => naturalCompare(a.number, b.number)).map((a) => ({ number: a.number, username: `${a.service}_${a.number}` }));
  const content = templates.get('number-plan.sql.hbs')({ enterpriseName: enterprise.name, domain: plan.domain ?? enterprise.domain ?? '', dpids, aliases });
  return renderedFile('opensips/number-plan.sql', content);
}

function renderSiteZone(enterprise: Enterprise, site: Site, templates: TemplateSet): RenderedFile | undefined {
  const domain = siteDomain(enterprise, site);
  if (!domain) return undefined;
  const all = [...enterprise.clusters].sort((a, b) => naturalCompare(a.id, b.id));
  const own = all.filter((c) => c.site === site.id);
  if (own.length === 0) return undefined;
  const nameOf = (c: Cluster): string | undefined => {
    const s = enterprise.sites.find((x) => x.id === c.site);
    const d = s ? siteDomain(enterprise, s) : undefined;
    return d ? `${c.id}.${d}` : undefined;
  };
  const tls = (c: Cluster): boolean => enterprise.extensions.some((e: Extension) => e.cluster === c.id && (e.encryption === true || e.transport === 'tls'))
    || enterprise.trunks.some((t) => t.cluster === c.id && t.protocol === 'SIP' && (t.encryption === true || t.transport === 'tls'));
  const hosts = own.map((c) => ({ name: `${c.id}.${domain}`, address: c.voiceVip.address }));
  const records: { owner: string; priority: number; weight: number; port: number; target: string }[] = [];
  const services = [{ svc: '_sip._udp', port: 5060, needTls: false }, { svc: '_sip._tcp', port: 5060, needTls: false }, { svc: '_sips._tcp', port: 5061, needTls: true }];
  const owners = [...own.map((c) => ({ owner: `${c.id}.${domain}`, first: [c], second: own.filter((o) => o !== c) })), { owner: domain, first: own, second: [] as Cluster[] }];
  for (const o of owners) {
    const tiers = [o.first, o.second, all.filter((c) => c.site !== site.id)];
    for (const s of services) {
      tiers.forEach((tier, i) => {
        const targets = tier.filter((c) => !s.needTls || tls(c));
        for (const c of targets) {
          const target = nameOf(c);
          if (target) records.push({ owner: `${s.svc}.${o.owner}`, priority: (i + 1) * 10, weight: Math.floor(100 / targets.length), port: s.port, target });
        }
      });
    }
  }
  return renderedFile(`dns/${site.id}.zone`, templates.get('site.zone.hbs')({ site, domain, hosts, records }));
}
