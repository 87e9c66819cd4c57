import { describe, expect, it } from 'vitest';
import { ExecError, succeeded } from './exec.js';
import { LocalExec } from './local-exec.js';

describe('LocalExec', () => {
  const exec = new LocalExec();

  it('passes argv without a shell: metacharacters arrive literally', async () => {
    const r = await exec.run(['printf', '%s|', '$(id)', 'a b', ';ls']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('$(id)|a b|;ls|');
    expect(succeeded(r)).toBe(true);
  });

  it('resolves non-zero exits with stderr, and feeds stdin', async () => {
    const r = await exec.run(['sh', '-c', 'echo oops >&2; exit 3']);
    expect(r).toMatchObject({ code: 3, stderr: 'oops\n', timedOut: false });
    expect(succeeded(r)).toBe(false);
    const cat = await exec.run(['cat'], { stdin: 'hello' });
    expect(cat.stdout).toBe('hello');
  });

  it('kills a command that overruns its timeout', async () => {
    const r = await exec.run(['sleep', '10'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
    expect(r.signal).toBe('SIGKILL');
  });

  it('caps output and kills the producer', async () => {
    const r = await exec.run(['head', '-c', '1000000', '/dev/zero'], { maxOutputBytes: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBe(1000);
  });

  it('exits 127 for a missing program (as over SSH) and rejects a bad argv with ExecError', async () => {
    expect(await exec.run(['/nonexistent/acm-prog'])).toMatchObject({ code: 127, stderr: '/nonexistent/acm-prog: command not found\n' });
    await expect(exec.run([])).rejects.toBeInstanceOf(ExecError);
    await expect(exec.run(['echo', 'a\0b'])).rejects.toMatchObject({ kind: 'bad-argv' });
  });
});
