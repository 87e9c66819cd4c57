import type { DialplanRule } from '../dialplan/opensips/dialplan-rule.js';
import { arr, bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/** An alias of a number to an Asterisk media service (the talk's FAX_5500, IVR_5000). */
export interface MediaAlias {
  readonly number: string;
  readonly service: 'FAX' | 'IVR';
  /** Cluster whose Asterisk ("mediabox") serves it. */
  readonly cluster: string;
  /** For IVR aliases: the queue the IVR hands callers to. */
  readonly queue?: string;
}

/** The proxy's number plan: classification rules and media-service aliases. */
export interface NumberPlan {
  /** SIP domain of the proxy, e.g. `voip.unisi.it`. */
  readonly domain?: string;
  readonly rules: readonly DialplanRule[];
  readonly aliases?: readonly MediaAlias[];
}

/** Schema of {@link NumberPlan}. */
export const NUMBER_PLAN_SCHEMA: Schema<NumberPlan> = obj<NumberPlan>('a number plan')({
  domain: opt(str({ format: 'hostname' })),
  rules: arr(obj<DialplanRule>('a dialplan rule')({
    id: num({ min: 0 }),
    dpid: num({ min: 0 }),
    pr: num({ min: 0 }),
    matchOp: oneOf([0, 1]),
    matchExp: str({ minLength: 1 }),
    matchFlags: num({ min: 0 }),
    substExp: opt(str()),
    replExp: opt(str()),
    timerec: opt(str()),
    disabled: bool(),
    attrs: str(),
  })),
  aliases: opt(arr(obj<MediaAlias>('a media alias')({
    number: str({ format: 'number' }),
    service: oneOf(['FAX', 'IVR']),
    cluster: str({ format: 'id' }),
    queue: opt(str({ format: 'context' })),
  }))),
});
