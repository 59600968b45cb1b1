import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';
import { log } from '../log';

export interface BackgroundTask {
  stop(): Promise<void>;
  /** Resolves when everything visible now has been processed (tests). */
  drain(): Promise<void>;
}

/** Marks SQL sent by background tasks (relays, consumers), so request-level query counts ignore it. */
export const backgroundWork = new AsyncLocalStorage<string>();

/**
 * Runs `work` every `everyMs` and whenever asked, never twice at once in this process; while it
 * reports a full batch it goes on, and a request that arrives mid-run makes it run once more.
 */
export function repeatingRunner(work: () => Promise<boolean>, options: { name: string; everyMs: number }): BackgroundTask & { run(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          while (!stopped && (await backgroundWork.run(options.name, work))) {
            // keep going while a full batch was processed
          }
        } while (again && !stopped);
      } catch (error) {
        log.error({ task: options.name, err: error }, 'background task failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void run(), options.everyMs);
  timer.unref();
  return {
    run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    async drain() {
      await run();
      while (running) await running;
    },
  };
}

/**
 * Runs `work` now, on every notification on `channel` and every `pollMs`, never twice at once. The
 * listening connection is reopened (with backoff) when it drops, e.g. while PostgreSQL restarts;
 * polling carries on meanwhile.
 */
export function wakeableLoop(work: () => Promise<boolean>, options: { databaseUrl: string; channel: string; filter?: (payload: string | undefined) => boolean; pollMs: number; name: string }): BackgroundTask {
  const runner = repeatingRunner(work, { name: options.name, everyMs: options.pollMs });
  let stopped = false;
  let listener: Client | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let failures = 0;

  const listen = async (): Promise<void> => {
    const client = new Client({ connectionString: options.databaseUrl });
    listener = client;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      void client.end().catch(() => undefined);
      if (stopped) return;
      failures += 1;
      reconnectTimer = setTimeout(() => void listen(), Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
      reconnectTimer.unref();
    };
    client.on('notification', (message) => {
      if (!options.filter || options.filter(message.payload)) void runner.run();
    });
    client.on('error', drop);
    client.on('end', drop);
    try {
      await client.connect();
      await client.query(`listen ${options.channel}`);
      failures = 0;
      // whatever was notified while not listening is picked up now
      void runner.run();
    } catch {
      drop();
    }
  };
  const listening = listen();

  return {
    async stop() {
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      await runner.stop();
      await listening;
      await listener?.end().catch(() => undefined);
    },
    async drain() {
      await listening;
      await runner.drain();
    },
  };
}

/**
 * Runs `work` every `everyMs` (and again at once while it reports a full batch), never twice at once
 * in this process; across replicas the work itself must be safe to run concurrently (row locks).
 */
export function startPeriodicTask(options: { name: string; everyMs: number; work: () => Promise<boolean> }): BackgroundTask {
  const runner = repeatingRunner(options.work, options);
  void runner.run();
  return { stop: runner.stop, drain: runner.drain };
}
