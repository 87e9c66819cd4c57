// Helpers of the status-store tests of every package.
import type { StatusSnapshot } from '@acm/core';

/** A snapshot with every list sorted by its key, so stores that order rows differently compare equal. */
export function sortedSnapshot(s: StatusSnapshot): StatusSnapshot {
  const by = <X>(xs: readonly X[], key: (x: X) => string): X[] => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    extensions: by(s.extensions, (x) => `${x.server}\u0000${x.extension}`),
    trunks: by(s.trunks, (x) => `${x.server}\u0000${x.trunk}`),
    channels: by(s.channels, (x) => `${x.server}\u0000${x.uniqueid}`),
    queueMembers: by(s.queueMembers, (x) => `${x.server}\u0000${x.queue}\u0000${x.interface}`),
    mailboxes: by(s.mailboxes, (x) => `${x.server}\u0000${x.mailbox}`),
    agentTimes: by(s.agentTimes, (x) => `${x.server}\u0000${x.agent}\u0000${x.day}`),
  };
}
