import { badInput, Language, Money, type SubgraphContext, listSize, visibility } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { localized } from '../common/language';
import { providerLoader } from '../provider/provider.service';
import { ProviderType, toProviderType } from '../provider/provider.type';
import { SERVICE_CATEGORIES, SERVICE_CATEGORY_CODES } from './service.rules';
import { currentServiceLoader, findCurrentServiceByCode, serviceVersionLoader, versionKeyString } from './service.service';
import {
  FormFieldObjectType,
  FormOptionType,
  FormStepType,
  RequiredDocumentType,
  ServiceCategoryType,
  ServiceReceptionType,
  ServiceType,
} from './service.type';

const LangArg = () => Arg('lang', () => Language, { nullable: true, description: 'Defaults to Accept-Language, then the user preference, then KY.' });

@Resolver(() => ServiceType)
export class ServiceResolver {
  @Query(() => ServiceType, { nullable: true, description: 'A service by id or by code, in its current version; null when unknown. Public.' })
  async service(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('code', () => String, { nullable: true }) code?: string | null,
  ): Promise<ServiceType | null> {
    if ((id === null || id === undefined) === (code === null || code === undefined)) {
      throw badInput('Pass exactly one of "id" or "code" to look up a service.');
    }
    if (id !== null && id !== undefined) return currentServiceLoader(ctx).load(id);
    return findCurrentServiceByCode(ctx.em, code as string);
  }

  @Query(() => ServiceType, {
    nullable: true,
    description: 'One exact version of a service, current or earlier (an application keeps its version); null when unknown. Public.',
  })
  async serviceVersion(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ): Promise<ServiceType | null> {
    if (version < 1) throw badInput(`"version" must be 1 or greater; got ${version}.`);
    return serviceVersionLoader(ctx).load(versionKeyString({ id, version }));
  }

  @Directive(listSize(20))
  @Query(() => [ServiceCategoryType], { description: 'The categories services are filed under. Public.' })
  serviceCategories(): ServiceCategoryType[] {
    return SERVICE_CATEGORY_CODES.map((code) => ({ code, name: SERVICE_CATEGORIES[code] }));
  }

  // the catalogue is public: only the language picks the text (issue 10: shared live-feed queries)
  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => String)
  title(@Root() service: ServiceType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, service.title, lang);
  }

  @FieldResolver(() => String)
  description(@Root() service: ServiceType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, service.description, lang);
  }

  @FieldResolver(() => String, { description: 'The name of the category.' })
  categoryName(@Root() service: ServiceType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, service.categoryName, lang);
  }

  @FieldResolver(() => ProviderType)
  async provider(@Root() service: ServiceType, @Ctx() ctx: SubgraphContext): Promise<ProviderType> {
    const provider = await providerLoader(ctx).load(service.providerId);
    if (!provider) throw new Error(`service ${service.id} refers to missing provider ${service.providerId}`);
    return toProviderType(provider);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The fee in KGS; null when the service is free.' })
  fee(@Root() service: ServiceType): Money | null {
    return service.feeAmountMinor === null ? null : Money.kgs(service.feeAmountMinor);
  }

  @FieldResolver(() => String)
  statusCheckMethod(@Root() service: ServiceType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, service.statusCheckMethod, lang);
  }

  @FieldResolver(() => String)
  appealProcedure(@Root() service: ServiceType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, service.appealProcedure, lang);
  }
}

@Resolver(() => RequiredDocumentType)
export class RequiredDocumentResolver {
  // the catalogue is public: only the language picks the text (issue 10: shared live-feed queries)
  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => String)
  title(@Root() document: RequiredDocumentType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, document.title, lang);
  }
}

@Resolver(() => FormStepType)
export class FormStepResolver {
  // the catalogue is public: only the language picks the text (issue 10: shared live-feed queries)
  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => String)
  title(@Root() step: FormStepType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, step.title, lang);
  }
}

@Resolver(() => FormFieldObjectType)
export class FormFieldResolver {
  @FieldResolver(() => String)
  label(@Root() field: FormFieldObjectType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, field.label, lang);
  }

  @FieldResolver(() => String, { nullable: true, description: 'TEXT only: what the pattern expects, for the user.' })
  patternHint(@Root() field: FormFieldObjectType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string | null {
    return field.patternHint ? localized(ctx, field.patternHint, lang) : null;
  }
}

@Resolver(() => FormOptionType)
export class FormOptionResolver {
  @FieldResolver(() => String)
  label(@Root() option: FormOptionType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, option.label, lang);
  }
}

@Resolver(() => ServiceReceptionType)
export class ServiceReceptionResolver {
  @FieldResolver(() => String, { description: 'The address and office.' })
  place(@Root() reception: ServiceReceptionType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, reception.place, lang);
  }

  @FieldResolver(() => String, { description: 'The reception hours.' })
  hours(@Root() reception: ServiceReceptionType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, reception.hours, lang);
  }
}

@Resolver(() => ServiceCategoryType)
export class ServiceCategoryResolver {
  @FieldResolver(() => String)
  name(@Root() category: ServiceCategoryType, @Ctx() ctx: SubgraphContext, @LangArg() lang?: Language | null): string {
    return localized(ctx, category.name, lang);
  }
}
