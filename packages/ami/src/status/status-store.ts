// The StatusStore contract and the in-memory store live in @acm/core beside the SQL store;
// re-exported here for the poller's modules and @acm/ami's users.
export { MemoryStatusStore, emptyBatch } from '@acm/core';
export type { StatusBatch, StatusQuery, StatusStore } from '@acm/core';
