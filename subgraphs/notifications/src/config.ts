import { loadConfig, port, subgraphEnvSpec } from '@portal/kit';

export const notificationsEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: 4005, desc: 'HTTP port of the notifications subgraph' }),
};

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

/** The notifications subgraph's validated settings (development defaults refused in production). */
export function loadNotificationsConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(notificationsEnvSpec, env);
}
