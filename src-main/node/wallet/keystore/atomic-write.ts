import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Makes the rename itself durable; some platforms and file systems cannot sync a directory. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes(errorCode(error) ?? '')) throw error;
  }
}

/**
 * Puts `temp` at `path` unless something is already there: link() fails atomically with EEXIST.
 * File systems without hard links (FAT, some shares) fall back to check-then-rename.
 */
async function placeExclusively(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') throw error;
    if (existsSync(path)) {
      throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST', path });
    }
    await rename(temp, path);
    return;
  }
  await unlink(temp);
}

/**
 * Writes `<path>.tmp-<random>` (mode 0600), fsyncs it, renames it over `path` and fsyncs the
 * directory: a reader sees the old file or the new one, never half of one, even after a crash.
 * A crash can leave the temp file behind; nothing reads it. With `exclusive`, an existing `path`
 * is left alone and the write fails with EEXIST.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: { exclusive?: boolean } = {},
): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.chmod(0o600); // open's mode is filtered by the umask
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) await placeExclusively(temp, path);
    else await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}
