import type { SimState } from '../simulator/sim-state.js';
import type { StatusSnapshot } from '../status/status-types.js';

/** The comparable essence of a server's status: what the poller must converge to. */
export interface StatusEssence {
  channels: string[];
  members: string[];
  devices: string[];
  registrations: string[];
  contacts: string[];
  mailboxes: string[];
}

/** The truth, from the simulator's own state. */
export function truthOf(state: SimState): StatusEssence {
  return {
    channels: state.channels.map((c) => `${c.uniqueid} ${c.name} ${c.state}`).sort(),
    members: state.queues.flatMap((q) => q.members.map((m) => `${q.name} ${m.interface} paused=${m.paused} reason=${m.pausedReason} taken=${m.callsTaken}`)).sort(),
    devices: state.endpoints.map((e) => `${e.name} ${state.devices.get(`PJSIP/${e.name}`) ?? 'UNKNOWN'}`).sort(),
    registrations: state.registrations.map((r) => `${r.name} ${r.status}`).sort(),
    contacts: state.endpoints.filter((e) => e.auths !== '').map((e) => `${e.name} ${state.contacts.filter((c) => c.endpoint === e.name).length}`).sort(),
    mailboxes: state.mailboxes.map((m) => `${m.id} ${m.new}/${m.old}`).sort(),
  };
}

/** The same essence as the store holds it for one server. */
export function essenceOf(s: StatusSnapshot): StatusEssence {
  return {
    channels: s.channels.map((c) => `${c.uniqueid} ${c.channel} ${c.state}`).sort(),
    members: s.queueMembers.map((m) => `${m.queue} ${m.interface} paused=${m.paused} reason=${m.pausedReason} taken=${m.callsTaken}`).sort(),
    devices: [...s.extensions.map((e) => `${e.extension} ${e.deviceState}`), ...s.trunks.map((t) => `${t.trunk} ${t.deviceState}`)].sort(),
    registrations: s.trunks.filter((t) => t.registration !== undefined).map((t) => `${t.trunk} ${t.registration}`).sort(),
    contacts: s.extensions.map((e) => `${e.extension} ${e.contacts.length}`).sort(),
    mailboxes: s.mailboxes.map((m) => `${m.mailbox} ${m.newMessages}/${m.oldMessages}`).sort(),
  };
}
