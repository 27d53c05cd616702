import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedDirOnPath } from './embedded';

describe('closedDirOnPath', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'closed-')); // 0700, owned by us
  const inner = path.join(base, 'a', 'b');
  mkdirSync(inner, { recursive: true });
  const owner = statSync(base);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('names the first directory another user may not enter', () => {
    chmodSync(base, 0o700);
    expect(closedDirOnPath(inner, owner.uid + 12345, owner.gid + 12345)).toBe(base);
    expect(closedDirOnPath(path.join(inner, 'not-yet'), owner.uid + 12345, owner.gid + 12345)).toBe(base);
  });

  it('lets the owner through, the group with g+x, others with o+x', () => {
    chmodSync(base, 0o700);
    expect(closedDirOnPath(inner, owner.uid, owner.gid + 12345)).toBeNull();
    chmodSync(base, 0o710);
    expect(closedDirOnPath(inner, owner.uid + 12345, owner.gid)).toBeNull();
    expect(closedDirOnPath(inner, owner.uid + 12345, owner.gid + 12345)).toBe(base);
    chmodSync(base, 0o711);
    expect(closedDirOnPath(inner, owner.uid + 12345, owner.gid + 12345)).toBeNull();
  });
});
