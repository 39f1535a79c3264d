import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAVE_CLI, MINI, jinshou, miniWith, put, spawnCli, tempDir } from './helpers.js';
import { createEngine } from '../../src/engine.js';
import { PackLoadError } from '../../src/engine-api.js';
import { generateKeys } from '../../src/pack/signature.js';

let dir: string;
let cleanup: () => void;
let priv: string;
let pub: string;
let otherPub: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  expect((await jinshou(['keygen', '--out', join(dir, 'keys')])).code).toBe(0);
  expect((await jinshou(['keygen', '--out', join(dir, 'keys'), '--name', 'other'])).code).toBe(0);
  priv = join(dir, 'keys/jinshou-pack.private.pem');
  pub = join(dir, 'keys/jinshou-pack.public.pem');
  otherPub = join(dir, 'keys/other.public.pem');
});
afterAll(() => cleanup());

/** A fresh signed copy of the fixture in its own file. */
async function signedCopy(name: string, text = readFileSync(MINI, 'utf8')): Promise<string> {
  const file = put(dir, name, text);
  const r = await jinshou(['sign', '--key', priv, file]);
  expect(r.code, r.err).toBe(0);
  return file;
}

describe('jinshou keygen', () => {
  it('writes a key pair, the private key owner-only, and refuses to overwrite without --force', async () => {
    if (process.platform !== 'win32') expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(readFileSync(pub, 'utf8')).toContain('BEGIN PUBLIC KEY');
    const again = await jinshou(['keygen', '--out', join(dir, 'keys')]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists; choose another --name or pass --force');
    const forced = await jinshou(['keygen', '--out', join(dir, 'keys'), '--name', 'forced']);
    expect(forced.out).toMatch(/^key id [0-9a-f]{16}\n/);
  });

  it('prints both keys without --out', async () => {
    const r = await jinshou(['keygen']);
    expect(r.out).toContain('-----BEGIN PUBLIC KEY-----');
    expect(r.out).toContain('-----BEGIN PRIVATE KEY-----');
    expect(r.err).toMatch(/key id [0-9a-f]{16}/);
    expect((await jinshou(['keygen', '--name', '../x'])).code).toBe(2);
  });
});

describe('jinshou sign / verify', () => {
  it('signs a pack (PACK.sig beside it) and verifies it: exit 0', async () => {
    const file = await signedCopy('good.yaml');
    const sig = JSON.parse(readFileSync(`${file}.sig`, 'utf8'));
    expect(sig).toMatchObject({ alg: 'ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const r = await jinshou(['verify', '--pubkey', pub, file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK {4}.*good\.yaml {2}test\.mini 1\.2\.0 {2}valid signature by key [0-9a-f]{16}\n$/);
  });

  it('keeps the signature through comments and re-indentation, not through a changed value', async () => {
    const file = await signedCopy('reformat.yaml');
    writeFileSync(file, '# a new comment\n' + readFileSync(file, 'utf8').replace('  wild: [野生]', '  wild:   [ 野生 ]'));
    expect((await jinshou(['verify', '--pubkey', pub, file])).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('hit: [象牙手镯]', 'hit: [象牙手镯, 象牙筷子]'));
    const r = await jinshou(['verify', '--pubkey', pub, file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}.*altered: the content changed after it was signed \(signed sha256 [0-9a-f]{12}…, now [0-9a-f]{12}…\)/);
  });

  it('says unsigned, unknown key, bad signature, malformed', async () => {
    const unsigned = put(dir, 'unsigned.yaml', readFileSync(MINI, 'utf8'));
    expect((await jinshou(['verify', '--pubkey', pub, unsigned])).out).toContain('unsigned: there is no');
    const file = await signedCopy('keys.yaml');
    const unknown = await jinshou(['verify', '--pubkey', otherPub, file]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('signed by an unknown key');
    // Trusting several keys: one of them is enough.
    expect((await jinshou(['verify', '--pubkey', otherPub, '--pubkey', pub, file])).code).toBe(0);
    const sig = JSON.parse(readFileSync(`${file}.sig`, 'utf8'));
    const flipped = Buffer.from(sig.signature, 'base64');
    flipped[0] ^= 1;
    writeFileSync(`${file}.sig`, JSON.stringify({ ...sig, signature: flipped.toString('base64') }));
    expect((await jinshou(['verify', '--pubkey', pub, file])).out).toContain('the signature does not verify');
    writeFileSync(`${file}.sig`, 'not json');
    expect((await jinshou(['verify', '--pubkey', pub, file])).out).toContain('malformed signature file');
  });

  it('verifies a folder, one line per pack, exit 1 when any fails; --json for machines', async () => {
    const { dir: folder, cleanup: done } = tempDir();
    try {
      put(folder, 'a.yaml', readFileSync(MINI, 'utf8'));
      put(folder, 'b.yaml', miniWith(['id: test.mini', 'id: test.b']));
      expect((await jinshou(['sign', '--key', priv, join(folder, 'a.yaml')])).code).toBe(0);
      const r = await jinshou(['verify', '--pubkey', pub, folder]);
      expect(r.code).toBe(1);
      expect(r.out.split('\n').filter(Boolean).map((l) => l.slice(0, 4))).toEqual(['OK  ', 'FAIL']);
      const json = JSON.parse((await jinshou(['verify', '--json', '--pubkey', pub, folder])).out);
      expect(json.results.map((x: { status: string }) => x.status)).toEqual(['valid', 'unsigned']);
    } finally {
      done();
    }
  });

  it('refuses to sign a pack with errors, or with the public key; verify needs --pubkey', async () => {
    const broken = put(dir, 'broken.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and not toyy\n']));
    const r = await jinshou(['sign', '--key', priv, broken]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[C002]');
    expect(existsSync(`${broken}.sig`)).toBe(false);
    const wrong = await jinshou(['sign', '--key', pub, MINI]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('this is a public key');
    expect((await jinshou(['sign', MINI])).code).toBe(2);
    expect((await jinshou(['verify', MINI])).code).toBe(2);
    expect((await jinshou(['verify', '--pubkey', join(dir, 'nope.pem'), MINI])).code).toBe(2);
  });
});

describe('trusted keys refuse unsigned and altered packs', () => {
  it('createEngine({ trust }) loads a signed pack, and refuses unsigned, altered or foreign-signed ones', async () => {
    const file = await signedCopy('lib.yaml');
    const pem = readFileSync(pub, 'utf8');
    expect(createEngine({ packs: [file], trust: [pem] }).scan({ title: '野生穿山甲片' }).verdict).toBe('block');
    expect(createEngine({ packs: [file], trust: [pub] }).packs[0]!.id).toBe('test.mini');
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(PackLoadError);
        return (e as PackLoadError).diagnostics.filter((d) => d.level === 'error').map((d) => d.code);
      }
      return [];
    };
    expect(codeOf(() => createEngine({ packs: [MINI], trust: [pem] }))).toEqual(['K001']);
    expect(codeOf(() => createEngine({ packs: [file], trust: [readFileSync(otherPub, 'utf8')] }))).toEqual(['K001']);
    const altered = await signedCopy('lib-altered.yaml');
    writeFileSync(altered, readFileSync(altered, 'utf8').replace('score: 0.6', 'score: 0.3'));
    expect(codeOf(() => createEngine({ packs: [altered], trust: [pem] }))).toEqual(['K002']);
    // Without trust keys the same altered pack loads: signing is opt-in for hosts.
    expect(createEngine({ packs: [altered] }).packs).toHaveLength(1);
  });

  it('checks PackSource signatures, and reload() with an altered pack keeps the old engine', async () => {
    const file = await signedCopy('source.yaml');
    const pem = readFileSync(pub, 'utf8');
    const yaml = readFileSync(file, 'utf8');
    const signature = readFileSync(`${file}.sig`, 'utf8');
    const engine = createEngine({ packs: [{ yaml, signature, file: 'mem.yaml' }], trust: [pem] });
    expect(engine.scan({ title: '象牙手镯' }).verdict).toBe('block');
    expect(() => engine.reload({ packs: [{ yaml: yaml.replace('象牙手镯', '象牙筷子'), signature, file: 'mem.yaml' }] })).toThrow(/K002/);
    expect(() => engine.reload({ packs: [{ yaml, file: 'mem.yaml' }] })).toThrow(/K001/);
    expect(engine.scan({ title: '象牙手镯' }).verdict).toBe('block');
  });

  it('jinshou scan --trust refuses an unsigned or altered pack (exit 2) and scans a signed one', async () => {
    const file = await signedCopy('scan.yaml');
    const ok = await jinshou(['scan', '--trust', pub, '--packs', file], { stdin: '{"id":1,"title":"野生穿山甲片"}\n' });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).verdict).toBe('block');
    const unsigned = await jinshou(['scan', '--trust', pub, '--packs', MINI], { stdin: '{"title":"x"}\n' });
    expect(unsigned.code).toBe(2);
    expect(unsigned.err).toMatch(/error\[K001\]: the pack is not signed/);
    writeFileSync(file, readFileSync(file, 'utf8').replace('score: 0.6', 'score: 0.3'));
    const altered = await jinshou(['scan', '--trust', pub, '--packs', file], { stdin: '{"title":"x"}\n' });
    expect(altered.code).toBe(2);
    expect(altered.err).toMatch(/error\[K002\]: the pack was changed after it was signed/);
    expect(altered.out).toBe('');
  });

  it.skipIf(!HAVE_CLI)('the built CLI: keygen, sign, verify, scan --trust end to end', () => {
    const { dir: d, cleanup: done } = tempDir();
    try {
      expect(spawnCli(['keygen', '--out', d]).code).toBe(0);
      const file = put(d, 'p.yaml', readFileSync(MINI, 'utf8'));
      expect(spawnCli(['sign', '--key', join(d, 'jinshou-pack.private.pem'), file]).code).toBe(0);
      expect(spawnCli(['verify', '--pubkey', join(d, 'jinshou-pack.public.pem'), file]).code).toBe(0);
      const scan = spawnCli(['scan', '--trust', join(d, 'jinshou-pack.public.pem'), '--packs', file], '野生穿山甲片\n');
      expect(scan.code).toBe(0);
      expect(JSON.parse(scan.out).findings[0].ruleId).toBe('wildlife.pangolin');
      writeFileSync(file, readFileSync(file, 'utf8') + '\n# comment only\n');
      expect(spawnCli(['verify', '--pubkey', join(d, 'jinshou-pack.public.pem'), file]).code).toBe(0);
      const keys = generateKeys();
      writeFileSync(join(d, 'stranger.pem'), keys.publicKey);
      const refused = spawnCli(['scan', '--trust', join(d, 'stranger.pem'), '--packs', file], 'x\n');
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('K001');
    } finally {
      done();
    }
  });
});
