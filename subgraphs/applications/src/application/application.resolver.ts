import { isUuid, JSONScalar, Language, localize, listSize, PERSONAL_DATA_DIRECTIVE, requireUser, resolveLanguage, visibility } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ApplicationsContext } from '../context';
import { ResultDocument } from '../document/document.type';
import { validateApplicationData } from '../form/form-validation.rules';
import { serviceVersionKey, serviceVersionLoader } from '../projection/projection.service';
import { isApplicationOverdue } from '../queue/queue.rules';
import { Service } from '../service/service.type';
import { User } from '../user/user.type';
import { applicationLoader, historyLoader, ratingLoader, resultDocumentLoader } from './application.loaders';
import { DecideInput, SaveDraftInput, SubmitApplicationInput } from './application.inputs';
import {
  acceptApplication,
  assertContentVisible,
  assertViewable,
  assignApplication,
  contentVisible,
  decideApplication,
  rateApplication,
  rejectApplication,
  saveDraft,
  submitApplication,
  validateForService,
  withdrawApplication,
} from './application.service';
import { Application, FieldErrorType, StatusChange } from './application.type';
import { draftValidation } from './draft.rules';
import { recordApplicationRead } from './personal-data';

/** Queries and mutations of applications: thin, the service decides. */
@Resolver(() => Application)
export class ApplicationResolver {
  // whyCannotView: the applicant, the provider's officers, operators; nobody by who they are beyond that
  @Directive(visibility('PROVIDER'))
  @Query(() => Application, {
    nullable: true,
    description: 'An application: the applicant\'s own, or one made to the officer\'s provider; null when there is none, FORBIDDEN when it is not yours to see.',
  })
  async application(@Arg('id', () => ID) id: string, @Ctx() ctx: ApplicationsContext): Promise<Application | null> {
    // reading an application needs a signed-in caller, even to learn that there is none
    requireUser(ctx);
    if (!isUuid(id)) return null;
    const record = await applicationLoader(ctx).load(id);
    if (!record) return null;
    assertViewable(ctx, record);
    return Application.from(record);
  }

  @Directive(listSize(10))
  @Query(() => [FieldErrorType], { description: 'Format-logic errors of data against the current published form of the service (R-26).' })
  async validateApplicationData(
    @Arg('serviceId', () => ID) serviceId: string,
    @Arg('data', () => JSONScalar) data: unknown,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<FieldErrorType[]> {
    return (await validateForService(ctx, serviceId, data)).map(FieldErrorType.from);
  }

  @Mutation(() => Application, { description: 'Starts a draft on the current version of a service, or saves the applicant\'s own draft; errors are in `validation`.' })
  async saveDraft(@Arg('input', () => SaveDraftInput) input: SaveDraftInput, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    return Application.from(await saveDraft(ctx, input));
  }

  @Mutation(() => Application, { description: 'Signs and submits a draft (R-28).' })
  async submitApplication(@Arg('input', () => SubmitApplicationInput) input: SubmitApplicationInput, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    return Application.from(await submitApplication(ctx, input));
  }

  @Mutation(() => Application, { description: 'The applicant withdraws the application before a decision.' })
  async withdrawApplication(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    return Application.from(await withdrawApplication(ctx, applicationId));
  }

  @Mutation(() => Application, { description: 'PROVIDER_OFFICER: registers the application at intake; a paid service then waits for payment (R-40).' })
  async acceptApplication(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    return Application.from(await acceptApplication(ctx, applicationId));
  }

  @Mutation(() => Application, { description: 'PROVIDER_OFFICER: rejects at intake with a reason (R-39).' })
  async rejectApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<Application> {
    return Application.from(await rejectApplication(ctx, applicationId, reason));
  }

  @Mutation(() => Application, { description: 'PROVIDER_OFFICER: assigns an executor among the officers of the same provider (R-29).' })
  async assignApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('executorId', () => ID) executorId: string,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<Application> {
    return Application.from(await assignApplication(ctx, applicationId, executorId));
  }

  @Mutation(() => Application, { description: 'PROVIDER_OFFICER: approves with a signed result document (R-33) or refuses with a reason (S-21).' })
  async decideApplication(@Arg('input', () => DecideInput) input: DecideInput, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    return Application.from(await decideApplication(ctx, input));
  }

  @Mutation(() => Application, { description: 'The applicant rates the service after the decision, 1 to 5 (R-36); rating again replaces the score.' })
  async rateApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('score', () => Int) score: number,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<Application> {
    return Application.from(await rateApplication(ctx, applicationId, score, comment));
  }

  // ---------------------------------------------------------------- fields

  // What the application holds is for the applicant and the provider's officers only (least
  // privilege); the operator reads the metadata fields (number, service, status, dates).

  @Directive(PERSONAL_DATA_DIRECTIVE)
  // whyCannotSeeContent: the applicant or the provider's officers (the reads are recorded per reader)
  @Directive(visibility('PROVIDER'))
  @FieldResolver(() => JSONScalar, { description: "The form data: field name to value. For the applicant and the provider's officers." })
  async data(@Root() application: Application, @Ctx() ctx: ApplicationsContext, @Info() info: GraphQLResolveInfo): Promise<Record<string, unknown>> {
    assertContentVisible(ctx, application.record);
    await recordApplicationRead(ctx, application.record, 'application.data', info);
    return application.record.data;
  }

  @Directive(visibility('PROVIDER'))
  @FieldResolver(() => User, { description: "For the applicant and the provider's officers." })
  applicant(@Root() application: Application, @Ctx() ctx: ApplicationsContext): User {
    assertContentVisible(ctx, application.record);
    return User.of(application.record.applicantId);
  }

  @Directive(visibility('PROVIDER'))
  @FieldResolver(() => String, { nullable: true, description: "Why it was rejected at intake or refused. For the applicant and the provider's officers." })
  refusalReason(@Root() application: Application, @Ctx() ctx: ApplicationsContext): string | null {
    assertContentVisible(ctx, application.record);
    return application.record.refusalReason;
  }

  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => Service, { description: 'The service in the version the application was made on.' })
  service(@Root() application: Application): Service {
    return Service.of(application.record.serviceId, application.record.serviceVersion);
  }

  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => User, { nullable: true })
  executor(@Root() application: Application): User | null {
    return User.of(application.record.executorId);
  }

  @Directive(visibility('PROVIDER'))
  @Directive(listSize(10))
  @FieldResolver(() => [FieldErrorType], {
    description: 'Current format-logic errors of the data: for a draft, those of the steps reached and of values entered; otherwise all.',
  })
  async validation(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<FieldErrorType[]> {
    const { record } = application;
    assertContentVisible(ctx, record);
    const service = await serviceVersionLoader(ctx).load(serviceVersionKey(record.serviceId, record.serviceVersion));
    if (!service) return [];
    const today = ctx.runtime.now();
    const errors =
      record.status === 'DRAFT' ? draftValidation(service.form, record.data, record.currentStep, today) : validateApplicationData(service.form, record.data, { today });
    return errors.map(FieldErrorType.from);
  }

  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => Boolean, { description: 'The provider missed the intake (SUBMITTED) or decision (IN_REVIEW) deadline.' })
  overdue(@Root() application: Application, @Ctx() ctx: ApplicationsContext): boolean {
    const { record } = application;
    return isApplicationOverdue(record.status, record.intakeDueAt, record.dueAt, ctx.runtime.now());
  }

  @Directive(visibility('PROVIDER'))
  @Directive(listSize(10))
  @FieldResolver(() => [StatusChange])
  async history(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<StatusChange[]> {
    const visible = contentVisible(ctx, application.record);
    return (await historyLoader(ctx).load(application.id)).map((row) => StatusChange.from(row, visible));
  }

  @Directive(visibility('PROVIDER'))
  @FieldResolver(() => ResultDocument, { nullable: true, description: "The signed result document (R-33). For the applicant and the provider's officers (R-48, R-49)." })
  async result(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<ResultDocument | null> {
    assertContentVisible(ctx, application.record);
    if (!application.record.resultDocumentNumber) return null;
    const document = await resultDocumentLoader(ctx).load(application.id);
    const { documentsBaseUrl, documentLinks, now } = ctx.runtime;
    return document ? ResultDocument.from(document, { baseUrl: documentsBaseUrl, signer: documentLinks, now: now() }, application.record) : null;
  }

  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => String, { nullable: true, description: 'How to appeal, when the application was rejected or refused (S-21).' })
  async appealProcedure(
    @Root() application: Application,
    @Arg('lang', () => Language, { nullable: true }) lang: Language | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<string | null> {
    const { record } = application;
    if (record.status !== 'REJECTED' && record.status !== 'REFUSED') return null;
    const service = await serviceVersionLoader(ctx).load(serviceVersionKey(record.serviceId, record.serviceVersion));
    return service ? localize(service.appealProcedure, resolveLanguage(ctx.caller, lang)) : null;
  }

  @Directive(visibility('PUBLIC'))
  @FieldResolver(() => Int, { nullable: true, description: "The applicant's score of the service, 1 to 5." })
  async rating(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<number | null> {
    return (await ratingLoader(ctx).load(application.id))?.score ?? null;
  }
}

@Resolver(() => FieldErrorType)
export class FieldErrorResolver {
  @FieldResolver(() => String, { description: 'What is wrong and how to fix it, in the language asked for.' })
  message(@Root() error: FieldErrorType, @Arg('lang', () => Language, { nullable: true }) lang: Language | null, @Ctx() ctx: ApplicationsContext): string {
    return localize(error.messageText, resolveLanguage(ctx.caller, lang));
  }
}

@Resolver(() => StatusChange)
export class StatusChangeResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who made the change; null when the platform did (actorRole SYSTEM).' })
  actor(@Root() change: StatusChange): User | null {
    return User.of(change.actorId);
  }
}
