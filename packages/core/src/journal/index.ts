export type { ChangesWaiting, JournalAction, JournalEntry, JournalQuery, JournalRecord } from './journal.js';
export { changesWaiting, journalHead, listJournal, recordJournal } from './journal.js';
export { SECRET_MEMBERS, maskSecrets } from './mask-secrets.js';
