/**
 * `@acm/ami/simulator`: an AMI server that answers like Asterisk 22.10.1 in the reference captures,
 * its state builders (from the captures, generated, or from an enterprise model) and the CLI output
 * it prints. A subpath of its own so that `import '@acm/ami'` does not load it.
 *
 * @example
 * ```ts
 * import { AmiSimulator, generatedState } from '@acm/ami/simulator';
 * const sim = await AmiSimulator.start({ state: generatedState(Date.now()) });
 * ```
 * @packageDocumentation
 */
export { AmiSimulator } from './ami-simulator.js';
export type { AmiSimulatorOptions, SimCallOptions } from './ami-simulator.js';
export type { SimHeaders } from './sim-messages.js';
export { captureInstanceA, captureInstanceB, generatedState } from './sim-state.js';
export { cliCommand, extensionMatches } from './cli-output.js';
export type { CliResult } from './cli-output.js';
export type {
  GeneratedStateOptions, SimChannel, SimContact, SimEndpoint, SimHint, SimMailbox, SimQueue, SimQueueMember, SimRegistration, SimState,
} from './sim-state.js';
export { simulateEnterprise, stateFromEnterprise } from './simulate-enterprise.js';
export type { SimulateEnterpriseOptions, SimulatedEnterprise, StateFromEnterpriseOptions } from './simulate-enterprise.js';
