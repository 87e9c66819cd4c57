export type { ApplyOptions, DeployerOptions, DeploymentPlan, DeploymentRecord, DeploymentResult, ServerOutcome, ServerPlan } from './deployer.js';
export { Deployer, sha256Hex } from './deployer.js';
export type { FileTarget, RenderedFile, ServerTransport } from './file-target.js';
export { LocalDirectoryTarget } from './local-file-target.js';
