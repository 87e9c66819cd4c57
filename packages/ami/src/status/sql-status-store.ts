// The SQL StatusStore lives in @acm/core (core owns the store and its SQL); re-exported so a poller
// user finds every StatusStore in @acm/ami: `new SqlStatusStore(await Store.open(url), { clusterOf })`.
export { SqlStatusStore, serverClusters } from '@acm/core';
export type { SqlStatusQuery, SqlStatusStoreOptions, StatusBatchListener } from '@acm/core';
