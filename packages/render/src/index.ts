/**
 * `@acm/render`: an enterprise to the files its servers run (Asterisk, OpenSIPS, provisioning, DNS).
 * @packageDocumentation
 */
export type { DialplanContext, DialplanExten, DialplanStep, SkippedExten } from './dialplan-builder.js';
export { DialplanBuilder } from './dialplan-builder.js';
export type { Generator } from './generators.js';
export { ASTERISK_GENERATORS, reloadFor } from './generators.js';
export type {
  AclView, BoxView, ConferenceView, ContextOptions, DundiPeerView, IaxPeerView, ManagerView, MusicClassView, ParkingLotView, PhoneView, PjsipGlobalView, PriSpanView, QueueView,
  RenderContext, SipTrunkView, TransportView,
} from './render-context.js';
export type { RenderContextResult } from './render-context.js';
export { LARGE_SERVER_ENDPOINTS, VOICEMAIL_CONTEXT, buildRenderContext, timeSpecs } from './render-context.js';
export type { ExtraFile, Manifest, ManifestEntry, RenderOptions, RenderResult, RenderedFile, ServerRender, ServersRender } from './render-enterprise.js';
export { PROVISIONED_VENDORS, manifestOf, renderEnterprise, renderedFile } from './render-enterprise.js';
export { RenderError } from './render-error.js';
export type { DeploymentPlans } from './plan-deployments.js';
export { planDeployments } from './plan-deployments.js';
export type { SecretResolver, SecretResolverOptions } from './secret-resolver.js';
export { createSecretResolver } from './secret-resolver.js';
export type { CompiledTemplate } from './template-set.js';
export { BUILTIN_TEMPLATE_DIR, TemplateSet } from './template-set.js';
