import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnterprise } from '../load/load-enterprise.js';
import { parseEnterprise } from '../load/load-enterprise.js';
import { serializeEnterprise } from '../load/save-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import { DIALECTS, startDialect, type DialectHarness } from '../../../../test-support/store-dialects.js';
import { Store } from './store.js';

const DEMO = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`store on ${dialect}`, () => {
    let harness: DialectHarness | undefined;
    let demo: Enterprise;
    beforeAll(async () => {
      harness = await startDialect(dialect);
      const loaded = await loadEnterprise(DEMO);
      if (loaded.enterprise === undefined) throw new Error('demo enterprise did not load');
      demo = loaded.enterprise;
    });
    afterAll(async () => {
      await harness?.stop();
    });

    async function freshStore(withDemo = true): Promise<Store> {
      if (harness === undefined) throw new Error('unreachable');
      const store = await Store.open(await harness.freshUrl());
      if (withDemo) expect((await store.importEnterprise(demo, { actor: 'tester' })).ok).toBe(true);
      return store;
    }

    const maybe = (name: string, fn: () => Promise<void>): void => {
      it(name, async (ctx) => {
        if (harness === undefined) ctx.skip(); // mariadbd not installed (startDialect throws under CI)
        await fn();
      });
    };

    maybe('exports the imported enterprise byte for byte', async () => {
      const store = await freshStore();
      try {
        const out = await store.exportEnterprise();
        expect(out).toBeDefined();
        expect(serializeEnterprise(out as Enterprise)).toBe(serializeEnterprise(demo));
        expect(serializeEnterprise(out as Enterprise, 'json')).toBe(serializeEnterprise(demo, 'json'));
        // A canonical file goes in and comes out as the same bytes.
        const text = serializeEnterprise(demo);
        const again = await freshStore(false);
        try {
          const parsed = parseEnterprise(text, { file: 'x.yaml' }).enterprise as Enterprise;
          await again.importEnterprise(parsed);
          expect(serializeEnterprise((await again.exportEnterprise()) as Enterprise)).toBe(text);
        } finally {
          await again.close();
        }
        // Re-running migrations is a no-op.
        expect(await store.migrate()).toEqual([]);
      } finally {
        await store.close();
      }
    });

    maybe('is empty before an import and refuses edits then', async () => {
      const store = await freshStore(false);
      try {
        expect(await store.exportEnterprise()).toBeUndefined();
        const r = await store.extensions.update('ams/5101', { name: 'X' });
        expect(r.ok).toBe(false);
        expect(r.diagnostics.map((d) => d.code)).toEqual(['store.empty']);
      } finally {
        await store.close();
      }
    });

    maybe('refuses an import with duplicate keys and keeps the old content', async () => {
      const store = await freshStore();
      try {
        const first = demo.extensions[0] as Enterprise['extensions'][number];
        const bad = { ...demo, extensions: [...demo.extensions, { ...first, name: 'Twin' }] };
        const r = await store.importEnterprise(bad);
        expect(r.ok).toBe(false);
        expect(r.diagnostics).toHaveLength(1);
        expect(r.diagnostics[0]).toMatchObject({ code: 'store.duplicate-key', path: ['extensions', demo.extensions.length], data: { collection: 'extensions', key: `${first.cluster}/${first.number}` } });
        expect(await store.extensions.count()).toBe(demo.extensions.length);
      } finally {
        await store.close();
      }
    });

    maybe('journals an update with who, before and after, secrets masked', async () => {
      const store = await freshStore();
      try {
        const before = await store.extensions.get('ams/6179');
        expect(before?.voicemail?.pin).toBe('737635');
        const r = await store.extensions.update('ams/6179', { name: 'Renamed User', secret: 'n3w-Secret-value-42' }, { actor: 'alice' });
        expect(r.diagnostics).toEqual([]);
        expect(r.ok).toBe(true);
        expect((await store.extensions.get('ams/6179'))?.name).toBe('Renamed User');
        const journal = await store.journal();
        // One import entry, then the update.
        expect(journal.map((e) => e.action)).toEqual(['import', 'update']);
        const entry = journal[1];
        expect(entry).toMatchObject({ actor: 'alice', collection: 'extensions', key: 'ams/6179', cluster: 'ams' });
        expect((entry?.before as { name: string }).name).toBe(before?.name);
        expect((entry?.after as { name: string }).name).toBe('Renamed User');
        const text = JSON.stringify(journal);
        expect(text).not.toContain('n3w-Secret-value-42');
        expect(text).not.toContain('737635');
        expect((entry?.after as { secret: string }).secret).toBe('***');
        // Changes waiting: the import affects every cluster; the update only ams.
        const waiting = await store.changesWaiting();
        const ams = waiting.find((w) => w.cluster === 'ams');
        const lon = waiting.find((w) => w.cluster === 'lon');
        expect(ams?.entries.map((e) => e.action)).toEqual(['import', 'update']);
        expect(lon?.entries.map((e) => e.action)).toEqual(['import']);
        expect(waiting.map((w) => w.cluster)).toEqual(demo.clusters.map((c) => c.id));
      } finally {
        await store.close();
      }
    });

    maybe('refuses a change that introduces a validation error, writing nothing', async () => {
      const store = await freshStore();
      try {
        const r = await store.extensions.update('ams/6179', { group: 'NoSuchGroup' }, { actor: 'bob' });
        expect(r.ok).toBe(false);
        expect(r.diagnostics.length).toBeGreaterThan(0);
        expect(r.diagnostics.some((d) => d.code === 'ref.unknown' && d.path[0] === 'extensions' && d.path[2] === 'group')).toBe(true);
        expect((await store.extensions.get('ams/6179'))?.group).toBe('Accounts');
        expect((await store.journal()).length).toBe(1);
      } finally {
        await store.close();
      }
    });

    maybe('a dry run decides as the write would and writes nothing, not even the revision', async () => {
      const store = await freshStore();
      try {
        const revision = async (): Promise<number> => Number((await store.db.selectFrom('acm_revision').select('revision').executeTakeFirstOrThrow()).revision);
        const before = await revision();
        const bad = await store.batch([{ action: 'update', collection: 'extensions', key: 'ams/6179', patch: { group: 'NoSuchGroup' } }], { dryRun: true });
        expect(bad.ok).toBe(false);
        expect(bad.diagnostics.some((d) => d.code === 'ref.unknown' && d.path[2] === 'group')).toBe(true);
        const good = await store.batch([{ action: 'update', collection: 'extensions', key: 'ams/6179', patch: { name: 'Dry Run' } }], { dryRun: true });
        expect(good).toEqual({ ok: true, diagnostics: [], journalIds: [] });
        expect((await store.extensions.get('ams/6179'))?.name).not.toBe('Dry Run');
        expect(await revision()).toBe(before);
        expect((await store.journal()).length).toBe(1);
        // The validator it kept is still the store's: the next real edits are decided right.
        expect((await store.extensions.update('ams/6179', { name: 'For Real' })).ok).toBe(true);
        expect((await store.extensions.get('ams/6179'))?.name).toBe('For Real');
        expect((await store.extensions.update('ams/6179', { group: 'NoSuchGroup' })).ok).toBe(false);
        // One write went through; the refused one changed nothing, not even the revision.
        expect(await revision()).toBe(before + 1);
        expect((await store.extensions.update('ams/6179', { name: 'After A Refusal' })).ok).toBe(true);
        expect(await revision()).toBe(before + 2);
      } finally {
        await store.close();
      }
    });

    maybe('creates, renumbers and deletes; duplicates and unknown keys are refused', async () => {
      const store = await freshStore();
      try {
        const src = (await store.extensions.get('ams/6179')) as Enterprise['extensions'][number];
        const { voicemail: _vm, ...rest } = src;
        const created = await store.extensions.create({ ...rest, number: '6998', name: 'New Person', secret: 'Zq8-long-enough-Secret!' });
        expect(created.diagnostics).toEqual([]);
        const dup = await store.extensions.create({ ...rest, number: '6998', name: 'Again', secret: 'Zq8-long-enough-Secret!' });
        expect(dup.diagnostics.map((d) => [d.code, d.data])).toEqual([['store.exists', { collection: 'extensions', key: 'ams/6998' }]]);
        const moved = await store.extensions.update('ams/6998', { number: '6997' });
        expect(moved.ok).toBe(true);
        expect(await store.extensions.get('ams/6998')).toBeUndefined();
        expect((await store.extensions.get('ams/6997'))?.name).toBe('New Person');
        const missing = await store.extensions.delete('ams/0000');
        expect(missing.diagnostics.map((d) => d.code)).toEqual(['store.not-found']);
        expect((await store.extensions.delete('ams/6997')).ok).toBe(true);
        expect(await store.extensions.count()).toBe(demo.extensions.length);
        expect((await store.journal()).map((e) => e.action)).toEqual(['import', 'create', 'update', 'delete']);
        // After create + delete the export is the demo again.
        expect(serializeEnterprise((await store.exportEnterprise()) as Enterprise)).toBe(serializeEnterprise(demo));
      } finally {
        await store.close();
      }
    });

    maybe('applies a batch all or nothing', async () => {
      const store = await freshStore();
      try {
        const bad = await store.batch([
          { action: 'update', collection: 'extensions', key: 'ams/6179', patch: { name: 'First' } },
          { action: 'update', collection: 'extensions', key: 'ams/8101', patch: { group: 'Nope' } },
        ]);
        expect(bad.ok).toBe(false);
        expect((await store.extensions.get('ams/6179'))?.name).not.toBe('First');
        const good = await store.batch([
          { action: 'update', collection: 'extensions', key: 'ams/6179', patch: { name: 'First' } },
          { action: 'update', collection: 'extensions', key: 'ams/8101', patch: { name: 'Second' } },
        ], { actor: 'carol' });
        expect(good.journalIds).toHaveLength(2);
        const journal = await store.journal();
        expect(journal.slice(1).map((e) => [e.actor, e.key])).toEqual([['carol', 'ams/6179'], ['carol', 'ams/8101']]);
        expect(journal[1]?.batch).not.toBeNull();
        expect(journal[1]?.batch).toBe(journal[2]?.batch);
      } finally {
        await store.close();
      }
    });

    maybe('serialises concurrent writers without losing one', async () => {
      const store = await freshStore();
      try {
        const results = await Promise.all(['A', 'B', 'C', 'D'].map((n) => store.extensions.update('ams/6179', { description: `by ${n}` }, { actor: n })));
        expect(results.every((r) => r.ok)).toBe(true);
        const journal = (await store.journal()).slice(1);
        expect(journal).toHaveLength(4);
        // Each entry's "before" is the previous entry's "after": no write was based on a stale read.
        for (let i = 1; i < journal.length; i++) expect(journal[i]?.before).toEqual(journal[i - 1]?.after);
      } finally {
        await store.close();
      }
    });
  });
}
