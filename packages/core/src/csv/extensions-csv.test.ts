import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnterprise } from '../load/load-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import { Store } from '../store/store.js';
import { DIALECTS, startDialect, type DialectHarness } from '../../../../test-support/store-dialects.js';
import { exportExtensionsCsv, importExtensionsCsv } from './extensions-csv.js';
import { parseCsv } from './parse-csv.js';

const DEMO = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));
const SECRET = 'Vq7rLm2xTz9wKp4s';

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, CRLF and newlines inside quotes, with record start lines', () => {
    const r = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n');
    expect(r).toEqual({ records: [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      // Line 3 is blank; the record on line 4 spans lines 4-5.
      { line: 4, cells: ['multi\nline', 'z'] },
    ] });
  });
  it('reports an unterminated quote with its line', () => {
    expect(parseCsv('a\n"open\n')).toEqual({ error: 'unterminated quoted cell', line: 2 });
  });
});

for (const dialect of DIALECTS) {
  describe(`extensions CSV on ${dialect}`, () => {
    let harness: DialectHarness | undefined;
    let demo: Enterprise;
    beforeAll(async () => {
      harness = await startDialect(dialect);
      demo = (await loadEnterprise(DEMO)).enterprise as Enterprise;
    });
    afterAll(async () => {
      await harness?.stop();
    });
    async function fresh(): Promise<Store> {
      if (harness === undefined) throw new Error('unreachable');
      const store = await Store.open(await harness.freshUrl());
      await store.importEnterprise(demo, { actor: 'setup' });
      return store;
    }
    const maybe = (name: string, fn: () => Promise<void>): void => {
      it(name, async (ctx) => {
        if (harness === undefined) ctx.skip(); // mariadbd not installed (startDialect throws under CI)
        await fn();
      });
    };

    maybe('adds, edits and deletes with ACM columns in one journaled batch', async () => {
      const store = await fresh();
      try {
        const csv = [
          'action,cluster,number,group,name,secret,nat',
          `add,ams,6180,Accounts,Csv Person,${SECRET},yes`,
          ',ams,6179,,Anne Renamed,,',
          'del,ams,8101,,,,',
        ].join('\n');
        const r = await importExtensionsCsv(store, csv, { actor: 'importer' });
        expect(r.diagnostics).toEqual([]);
        expect(r).toMatchObject({ ok: true, added: 1, edited: 1, deleted: 1 });
        expect(await store.extensions.get('ams/6180')).toMatchObject({ name: 'Csv Person', group: 'Accounts', nat: true, secret: SECRET });
        // The edit changed the name only: the voicemail box and PIN stay.
        expect(await store.extensions.get('ams/6179')).toMatchObject({ name: 'Anne Renamed', voicemail: { box: '6179', pin: '737635' } });
        expect(await store.extensions.get('ams/8101')).toBeUndefined();
        const journal = (await store.journal()).slice(1);
        expect(journal.map((e) => [e.action, e.key, e.actor])).toEqual([['create', 'ams/6180', 'importer'], ['update', 'ams/6179', 'importer'], ['delete', 'ams/8101', 'importer']]);
        expect(new Set(journal.map((e) => e.batch)).size).toBe(1);
      } finally {
        await store.close();
      }
    });

    maybe('imports FreePBX Bulk Handler columns', async () => {
      const store = await fresh();
      try {
        const csv = [
          'action,extension,name,secret,voicemail,voicemail_vmpwd,voicemail_email,dtmfmode,tech,allow',
          `add,6181,Free Pbx,${SECRET},default,4711,free.pbx@enterprise.net,rfc2833,pjsip,g722&ulaw`,
        ].join('\n');
        const r = await importExtensionsCsv(store, csv, { cluster: 'ams', group: 'Accounts' });
        expect(r.ok).toBe(true);
        // `tech` is a FreePBX column ACM does not use: a warning on the header, and ignored.
        expect(r.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([['csv.unknown-column', 'warning', ['csv', 1, 'tech']]]);
        expect(await store.extensions.get('ams/6181')).toEqual({
          cluster: 'ams', number: '6181', group: 'Accounts', name: 'Free Pbx', secret: SECRET,
          voicemail: { box: '6181', pin: '4711', email: 'free.pbx@enterprise.net' }, dtmfMode: 'rfc4733', codecs: ['g722', 'ulaw'],
        });
      } finally {
        await store.close();
      }
    });

    maybe('changes nothing when one row is bad, and says which row and column', async () => {
      const store = await fresh();
      try {
        const before = await store.exportEnterprise();
        const csv = [
          'action,cluster,number,group,name,secret,nat',
          `add,ams,6182,Accounts,Good Row,${SECRET},no`,
          `add,ams,6183,NoSuchGroup,Bad Group,${SECRET},no`,
          `add,ams,6184,Accounts,Bad Bool,${SECRET},perhaps`,
          'frobnicate,ams,6185,Accounts,Bad Action,x,no',
        ].join('\n');
        const r = await importExtensionsCsv(store, csv, { file: 'people.csv' });
        expect(r.ok).toBe(false);
        // Conversion problems are found first (line 4 nat, line 5 action); nothing is validated further then.
        expect(r.diagnostics.map((d) => [d.code, d.path, d.source])).toEqual([
          ['csv.bad-value', ['csv', 4, 'nat'], { file: 'people.csv', line: 4, column: 7 }],
          ['csv.bad-action', ['csv', 5, 'action'], { file: 'people.csv', line: 5, column: 1 }],
        ]);
        const fixed = csv.split('\n').slice(0, 3).join('\n');
        const r2 = await importExtensionsCsv(store, fixed, { file: 'people.csv' });
        expect(r2.ok).toBe(false);
        const unknown = r2.diagnostics.filter((d) => d.code === 'ref.unknown');
        expect(unknown.map((d) => [d.path, d.source?.line, d.source?.column])).toEqual([[['csv', 3, 'group'], 3, 4]]);
        // A dry run reports the same, and says yes to the good row alone, writing nothing either way.
        const dry = await importExtensionsCsv(store, fixed, { file: 'people.csv', dryRun: true });
        expect(dry.diagnostics.filter((d) => d.code === 'ref.unknown').map((d) => d.path)).toEqual([['csv', 3, 'group']]);
        expect(await importExtensionsCsv(store, csv.split('\n').slice(0, 2).join('\n'), { dryRun: true })).toMatchObject({ ok: true, added: 1, edited: 0, deleted: 0 });
        expect(await store.exportEnterprise()).toEqual(before);
        expect((await store.journal()).length).toBe(1);
      } finally {
        await store.close();
      }
    });

    maybe('exports CSV without secrets by default, and the export imports back as no-op edits', async () => {
      const store = await fresh();
      try {
        const csv = await exportExtensionsCsv(store, { cluster: 'ams' });
        expect(csv).not.toContain('cLK88DMpUivUpZ4yoG99');
        expect(csv.split('\n')[0]?.startsWith('action,cluster,number,group,name,')).toBe(true);
        const amsCount = demo.extensions.filter((e) => e.cluster === 'ams').length;
        expect(csv.trimEnd().split('\n')).toHaveLength(amsCount + 1);
        const before = await store.exportEnterprise();
        const r = await importExtensionsCsv(store, csv);
        expect(r.diagnostics).toEqual([]);
        expect(r).toMatchObject({ ok: true, added: 0, edited: amsCount, deleted: 0 });
        expect(await store.exportEnterprise()).toEqual(before);
        expect((await exportExtensionsCsv(store, { includeSecrets: true }))).toContain('cLK88DMpUivUpZ4yoG99');
      } finally {
        await store.close();
      }
    });
  });
}
