import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, isUuid, localize, notFound, orderByKeys, recordEvents, requireRole, resolveLanguage, type SubgraphContext } from '@portal/kit';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import type { CatalogContext } from '../context';
import { channelChanges, checkEdmsConfiguration, type ProviderChannelState } from './provider-channel.rules';
import { Provider, ProviderChannelChange } from './provider.entity';
import { providerAppealBodyConfigured, providerChannelConfigured } from './provider.events';

export function listProviders(em: EntityManager): Promise<Provider[]> {
  return em.find(Provider, {}, { orderBy: { code: 'asc' } });
}

/** Per-request loader of providers by id (null for an unknown id): one statement per batch. */
export function providerLoader(ctx: SubgraphContext): DataLoader<string, Provider | null> {
  return ctx.loaders.get<string, Provider | null>('catalog.provider', async (ids) => {
    const valid = ids.filter(isUuid);
    const providers = valid.length > 0 ? await ctx.em.find(Provider, { id: { $in: valid } }) : [];
    return orderByKeys(ids, providers, (provider) => provider.id);
  });
}

/**
 * Sets how a provider is served, in one transaction with its history row and the
 * ProviderChannelConfigured outbox event; the same configuration again changes and records nothing.
 */
async function changeChannel(ctx: CatalogContext, providerId: string, next: ProviderChannelState): Promise<Provider> {
  const caller = requireRole(ctx, 'OPERATOR');
  const em = ctx.em.fork();
  const provider = await em.transactional(async (tx) => {
    const found = isUuid(providerId) ? await tx.findOne(Provider, { id: providerId.toLowerCase() }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!found) throw notFound(`No provider with id "${providerId}". Providers are listed in Query.providers.`);
    if (!channelChanges(found, next)) return found;
    const at = new Date();
    found.channel = next.channel;
    found.edmsEndpointUrl = next.edmsEndpointUrl;
    found.edmsPublicKeyJwk = next.edmsPublicKeyJwk;
    found.channelVersion += 1;
    found.channelChangedAt = at;
    tx.create(ProviderChannelChange, {
      id: randomUUID(),
      providerId: found.id,
      version: found.channelVersion,
      channel: next.channel,
      edmsEndpointUrl: next.edmsEndpointUrl,
      edmsPublicKeyJwk: next.edmsPublicKeyJwk,
      changedBy: caller.userId,
      changedAt: at,
    });
    await tx.flush();
    await recordEvents(tx, [providerChannelConfigured(found, caller.userId, at)]);
    return found;
  });
  ctx.em.clear();
  return provider;
}

/** OPERATOR: the provider is served through its EDMS at `endpointUrl`, its updates verified with `publicKeyJwk`. */
export async function configureProviderEdms(ctx: CatalogContext, providerId: string, endpointUrl: string, publicKeyJwk: unknown): Promise<Provider> {
  requireRole(ctx, 'OPERATOR');
  const check = checkEdmsConfiguration({ endpointUrl, publicKeyJwk }, { production: ctx.settings.production });
  if (!check.ok) throw badInput(`The EDMS configuration is invalid: ${check.problems.join(' ')}`, { problems: check.problems });
  return changeChannel(ctx, providerId, { channel: 'EDMS', edmsEndpointUrl: check.endpointUrl, edmsPublicKeyJwk: check.publicKeyJwk });
}

/** OPERATOR: the provider's officers work in the portal's cabinet again; deliveries already made stay as they are. */
export function configureProviderPortal(ctx: CatalogContext, providerId: string): Promise<Provider> {
  return changeChannel(ctx, providerId, { channel: 'PORTAL', edmsEndpointUrl: null, edmsPublicKeyJwk: null });
}

/**
 * OPERATOR: names the higher body that answers complaints about the provider, as its
 * service standards state; another provider of the catalogue, never the provider itself. Null
 * clears it. One transaction with the ProviderAppealBodyConfigured event; the same body again
 * changes and announces nothing.
 */
export async function configureProviderAppealBody(ctx: CatalogContext, providerId: string, appealBodyId: string | null): Promise<Provider> {
  const caller = requireRole(ctx, 'OPERATOR');
  const language = resolveLanguage(ctx.caller);
  if (appealBodyId !== null && isUuid(providerId) && isUuid(appealBodyId) && appealBodyId.toLowerCase() === providerId.toLowerCase()) {
    throw badInput(
      localize(
        {
          ky: 'Кызмат көрсөтүүчү өзүнө жогору турган орган боло албайт: даттанууларды караган башка органды тандаңыз.',
          ru: 'Поставщик не может быть вышестоящим органом для самого себя: выберите другой орган, рассматривающий жалобы.',
        },
        language,
      ),
    );
  }
  const em = ctx.em.fork();
  const provider = await em.transactional(async (tx) => {
    const found = isUuid(providerId) ? await tx.findOne(Provider, { id: providerId.toLowerCase() }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!found) throw notFound(`No provider with id "${providerId}". Providers are listed in Query.providers.`);
    const body = appealBodyId === null ? null : isUuid(appealBodyId) ? await tx.findOne(Provider, { id: appealBodyId.toLowerCase() }) : null;
    if (appealBodyId !== null && !body) {
      throw notFound(
        localize(
          {
            ky: `"${appealBodyId}" идентификатору менен орган каталогдо жок. Органдар Query.providers тизмесинде.`,
            ru: `Органа с id "${appealBodyId}" нет в каталоге. Органы перечислены в Query.providers.`,
          },
          language,
        ),
      );
    }
    if ((body?.id ?? null) === found.appealBodyId) return found;
    found.appealBodyId = body?.id ?? null;
    found.appealBodyVersion += 1;
    await tx.flush();
    await recordEvents(tx, [providerAppealBodyConfigured(found, body, caller.userId, new Date())]);
    return found;
  });
  ctx.em.clear();
  return provider;
}
