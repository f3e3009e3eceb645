import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DagwalletError } from './errors.ts';

const LOCK_FILE = 'node.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One node per data folder: two processes on one store would each trust their own caches. The
 * lock names its owner's pid; a lock left by a process that died (a crash, SIGKILL) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || isAlive(owner))) {
        throw new DagwalletError('ALREADY_RUNNING', `another node (pid ${owner}) is using ${dir}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new DagwalletError('ALREADY_RUNNING', `cannot lock ${dir}`);
}
