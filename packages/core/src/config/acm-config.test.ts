import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfigFile, loadAcmConfig, parseAcmConfig, parseEnvFile, pickSetting, secretEnvironment } from './acm-config.js';

describe('acm.config.yaml', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acm-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes relative paths absolute from the file directory', () => {
    const text = 'database: sqlite:./data/acm.db\ntemplates: site-templates\ndeploy:\n  targetDir: out\n  remoteRoot: /srv/{server}\n  reloads: false\nsecrets:\n  envFiles: [secrets.env, /etc/acm.env]\n';
    const { config, diagnostics } = parseAcmConfig(text, '/srv/acm/acm.config.yaml');
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      file: '/srv/acm/acm.config.yaml',
      database: 'sqlite:/srv/acm/data/acm.db',
      templates: '/srv/acm/site-templates',
      deploy: { targetDir: '/srv/acm/out', remoteRoot: '/srv/{server}', reloads: false },
      // baseDir defaults to the file's directory.
      secrets: { envFiles: ['/srv/acm/secrets.env', '/etc/acm.env'], baseDir: '/srv/acm' },
    });
    // A MySQL URL is kept as it is; an empty file sets nothing.
    expect(parseAcmConfig('database: mysql://acm@db1:3306/acm\n', '/x/acm.config.yaml').config?.database).toBe('mysql://acm@db1:3306/acm');
    expect(parseAcmConfig('# nothing yet\n', '/x/acm.config.yaml')).toEqual({ config: { file: '/x/acm.config.yaml', secrets: { envFiles: [], baseDir: '/x' } }, diagnostics: [] });
  });

  it('reports typos, wrong types and syntax errors with line and column, and yields no config', () => {
    const bad = parseAcmConfig('databse: sqlite:a.db\ndeploy:\n  reloads: maybe\n', '/x/acm.config.yaml');
    expect(bad.config).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.path, d.source?.line])).toEqual([
      ['schema.type', ['deploy', 'reloads'], 3],
      ['schema.unknown-key', ['databse'], 1],
    ]);
    expect(bad.diagnostics[1]?.data).toMatchObject({ key: 'databse', suggestion: 'database' });
    const syntax = parseAcmConfig('deploy: [unclosed\n', '/x/acm.config.yaml');
    expect(syntax.diagnostics.map((d) => d.code)).toEqual(['load.syntax']);
    // A bad URL is reported without echoing it (it may hold a password).
    const url = parseAcmConfig('database: "postgres://u:pw-123@h/db"\n', '/x/acm.config.yaml');
    expect(url.diagnostics.map((d) => d.code)).toEqual(['schema.format']);
    expect(JSON.stringify(url.diagnostics)).not.toContain('pw-123');
  });

  it('is found upward from the cwd; none found is not an error', async () => {
    await mkdir(join(dir, 'a/b/c'), { recursive: true });
    expect(findConfigFile(join(dir, 'a/b/c'))).toBeUndefined();
    await writeFile(join(dir, 'a/acm.config.yaml'), 'templates: tpl\n');
    expect(findConfigFile(join(dir, 'a/b/c'))).toBe(join(dir, 'a/acm.config.yaml'));
    expect(loadAcmConfig({ cwd: join(dir, 'a/b/c') }).config?.templates).toBe(join(dir, 'a/tpl'));
    expect(loadAcmConfig({ cwd: dir, file: 'missing.yaml' }).diagnostics.map((d) => [d.code, d.data.reason])).toEqual([['load.unreadable', 'ENOENT']]);
  });

  it('merges env files under the real environment; flags beat env beat config', async () => {
    await writeFile(join(dir, 'one.env'), '# comment\nexport SSH_KEY="from one"\nAMI=one\nnot an assignment\n');
    await writeFile(join(dir, 'two.env'), "AMI='two'\n");
    expect(parseEnvFile('A=1\nbad line\n B = x y \n')).toEqual({ values: { A: '1', B: 'x y' }, badLines: [2] });
    const config = parseAcmConfig('secrets:\n  envFiles: [one.env, two.env, gone.env]\n', join(dir, 'acm.config.yaml')).config;
    const { env, diagnostics } = secretEnvironment(config, { AMI: 'real', PATH: '/bin' });
    // two.env overrides one.env, the real environment overrides both.
    expect(env).toEqual({ SSH_KEY: 'from one', AMI: 'real', PATH: '/bin' });
    expect(diagnostics.map((d) => [d.code, d.data.file])).toEqual([['load.unreadable', join(dir, 'gone.env')]]);
    expect(pickSetting('flag', 'env', 'file')).toBe('flag');
    expect(pickSetting(undefined, 'env', 'file')).toBe('env');
    expect(pickSetting(undefined, undefined, 'file')).toBe('file');
  });
});
