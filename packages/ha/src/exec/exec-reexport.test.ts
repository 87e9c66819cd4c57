import * as core from '@acm/core';
import { describe, expect, it } from 'vitest';
import * as ha from '../index.js';
import { SshExec } from './ssh-exec.js';

describe('one Exec for core and ha', () => {
  it('re-exports the runner and the error class of @acm/core, not copies', () => {
    expect(ha.LocalExec).toBe(core.LocalExec);
    expect(ha.ExecError).toBe(core.ExecError);
    expect(ha.succeeded).toBe(core.succeeded);
    // The deploy engine's reload transport is that Exec: SshExec fits it without an adapter.
    const ssh: core.Exec = new SshExec({ host: '127.0.0.1', username: 'acm', hostKey: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' });
    const transport: core.ServerTransport = { files: new core.LocalDirectoryTarget('/nonexistent'), exec: ssh };
    expect(transport.exec?.host).toBe('acm@127.0.0.1:22');
    expect('sshDeployExec' in ha).toBe(false);
    expect('LocalCommandExec' in core).toBe(false);
  });
});
