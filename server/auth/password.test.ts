import { describe, expect, it } from 'vitest';
import { djangoPbkdf2, hashPassword, verifyPassword } from './password';

// Real Django hashes from InvenTree's demo dataset (users admin/inventree and reader/readonly).
const ADMIN = 'pbkdf2_sha256$600000$eW6hr1msXY3U1vkqy3K4wd$/egntyTaLBCUPnM1nM2LIbbDGjKfccvIOgexovlFKjo=';
const READER = 'pbkdf2_sha256$260000$nPPXL5SwN9ZVrjrUOzp9Y0$TQGwwJt8SwiwtQ6IZRM/F+eDEYUbxnM3rFXiNkAYUYw=';

describe('passwords', () => {
  it('verifies Django pbkdf2_sha256 hashes made by InvenTree and asks for a re-hash', async () => {
    expect(await verifyPassword('inventree', ADMIN)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('readonly', READER)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('inventre', ADMIN)).toEqual({ ok: false, needsRehash: false });
  });

  it('produces the same pbkdf2 format Django does', async () => {
    const h = await djangoPbkdf2('inventree', 'eW6hr1msXY3U1vkqy3K4wd', 600000);
    expect(h).toBe(ADMIN);
  });

  it('hashes new passwords with argon2id and verifies them', async () => {
    const h = await hashPassword('s3cret-pass');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword('s3cret-pass', h)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('wrong', h)).ok).toBe(false);
  });

  it('never matches unusable or unknown hashes', async () => {
    expect((await verifyPassword('', '')).ok).toBe(false);
    expect((await verifyPassword('x', '!unusable')).ok).toBe(false);
    expect((await verifyPassword('x', 'md5$abc$def')).ok).toBe(false);
    expect((await verifyPassword('x', 'pbkdf2_sha256$notanumber$salt$aGFzaA==')).ok).toBe(false);
  });
});
