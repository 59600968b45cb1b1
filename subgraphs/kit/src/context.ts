import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Caller, LanguageCode, RoleCode } from './caller';
import { forbidden, unauthenticated } from './errors';
import type { LocalizedText } from './rules/form-definition';

/** Per-request context of every subgraph: the caller, a forked EntityManager, per-request loaders. */
export interface SubgraphContext {
  caller: Caller;
  em: EntityManager;
  loaders: LoaderRegistry;
}

/** Per-request DataLoader cache: one loader per name, created on first use. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders batch results by the requested keys (DataLoader's contract); missing keys get null. */
export function orderByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

export interface SignedInCaller extends Caller {
  userId: string;
}

export function requireUser(ctx: { caller: Caller }): SignedInCaller {
  if (!ctx.caller.userId) throw unauthenticated();
  return ctx.caller as SignedInCaller;
}

export function hasRole(caller: Caller, role: RoleCode): boolean {
  return caller.roles.includes(role);
}

export function requireRole(ctx: { caller: Caller }, ...roles: RoleCode[]): SignedInCaller {
  const caller = requireUser(ctx);
  if (!roles.some((role) => caller.roles.includes(role))) {
    throw forbidden(`This operation is for ${roles.join(' or ')} accounts only.`);
  }
  return caller;
}

/** The answer language: explicit argument, else Accept-Language, else the user's preference, else Kyrgyz. */
export function resolveLanguage(caller: Caller, explicit?: LanguageCode | null): LanguageCode {
  return explicit ?? caller.acceptLanguage ?? caller.preferredLanguage ?? 'KY';
}

export type { LocalizedText } from './rules/form-definition';

export function localize(text: LocalizedText, language: LanguageCode): string {
  return language === 'RU' ? text.ru : text.ky;
}
