export type { ApplyOptions, DeployerOptions, DeploymentPlan, DeploymentRecord, DeploymentResult, ServerOutcome, ServerPlan } from './deployer.js';
export { Deployer, sha256Hex } from './deployer.js';
export type { DeployExec, DeployExecResult, FileTarget, RenderedFile, ServerTransport } from './file-target.js';
export { LocalCommandExec, LocalDirectoryTarget } from './local-file-target.js';
