import { CONNECTION_LIST_SIZE, listSize, PageInfo, PERSONAL_DATA_DIRECTIVE, visibility } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { applicationLoader } from '../application/application.loaders';
import { assertContentVisible, assertViewable } from '../application/application.service';
import { Application } from '../application/application.type';
import { recordApplicationRead } from '../application/personal-data';
import type { ApplicationsContext } from '../context';
import { AnswerAppealInput } from './appeal.inputs';
import { appealsLoader } from './appeal.loaders';
import { answerAppeal, appealQueue, fileAppeal, startAppealReview } from './appeal.service';
import { Appeal, AppealConnection, AppealEdge, AppealSubject } from './appeal.type';

/** Complaints: thin, the appeal service decides. */
@Resolver(() => Appeal)
export class AppealResolver {
  @Mutation(() => Appeal, {
    description:
      "The applicant complains about the provider's decision (default), an action or its inaction (R-37, R-38); addressed to the provider's appeal body and registered with it at once, with the answer deadline.",
  })
  async fileAppeal(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('text') text: string,
    @Arg('subject', () => AppealSubject, { nullable: true, description: 'DECISION when left out.' }) subject: AppealSubject | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<Appeal> {
    return Appeal.from(await fileAppeal(ctx, applicationId, text, subject ?? AppealSubject.DECISION), ctx.runtime.now());
  }

  @Mutation(() => Appeal, { description: 'PROVIDER_OFFICER of the appeal body: takes a registered complaint up for review (UNDER_REVIEW); the applicant and the provider are told.' })
  async startAppealReview(@Arg('appealId', () => ID) appealId: string, @Ctx() ctx: ApplicationsContext): Promise<Appeal> {
    return Appeal.from(await startAppealReview(ctx, appealId), ctx.runtime.now());
  }

  @Mutation(() => Appeal, { description: 'PROVIDER_OFFICER of the appeal body: the motivated answer, signed with a qualified key; upheld, a rejection or refusal is reopened.' })
  async answerAppeal(@Arg('input', () => AnswerAppealInput) input: AnswerAppealInput, @Ctx() ctx: ApplicationsContext): Promise<Appeal> {
    return Appeal.from(await answerAppeal(ctx, input), ctx.runtime.now());
  }

  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => AppealConnection, { description: "PROVIDER_OFFICER: the complaints addressed to the officer's body, open ones first by answer deadline (overdue on top), then answered ones." })
  async appealQueue(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<AppealConnection> {
    const page = await appealQueue(ctx, first, after);
    const now = ctx.runtime.now();
    const edges = page.nodes.map(({ cursor, appeal }) => Object.assign(new AppealEdge(), { cursor, node: Appeal.from(appeal, now) }));
    const pageInfo = Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null });
    return Object.assign(new AppealConnection(), { edges, pageInfo, totalCount: page.totalCount });
  }

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => String, { description: "The applicant's complaint." })
  async text(@Root() appeal: Appeal, @Ctx() ctx: ApplicationsContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    await recordApplicationRead(ctx, await this.applicationOf(appeal, ctx), 'appeal.text', info);
    return appeal.text;
  }

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => String, { nullable: true, description: "The appeal body's motivated answer (UPHELD, DISMISSED)." })
  async answer(@Root() appeal: Appeal, @Ctx() ctx: ApplicationsContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    if (appeal.answerText === null) return null;
    await recordApplicationRead(ctx, await this.applicationOf(appeal, ctx), 'appeal.answer', info);
    return appeal.answerText;
  }

  @FieldResolver(() => Application, { description: 'The application complained about.' })
  async application(@Root() appeal: Appeal, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    const record = await this.applicationOf(appeal, ctx);
    assertViewable(ctx, record);
    return Application.from(record);
  }

  /** Every Appeal reached its caller through an access check (the queue's body, or the application's content). */
  private async applicationOf(appeal: Appeal, ctx: ApplicationsContext) {
    if (appeal.applicationRecord) return appeal.applicationRecord;
    const record = await applicationLoader(ctx).load(appeal.applicationId);
    if (!record) throw new Error(`appeal ${appeal.id} names missing application ${appeal.applicationId}`);
    return record;
  }
}

@Resolver(() => Application)
export class ApplicationAppealsResolver {
  @Directive(visibility('PROVIDER'))
  @Directive(listSize(5))
  @FieldResolver(() => [Appeal], { description: "The complaints about the application: for the applicant, the provider's officers and the appeal body's." })
  async appeals(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<Appeal[]> {
    assertContentVisible(ctx, application.record);
    const now = ctx.runtime.now();
    return (await appealsLoader(ctx).load(application.id)).map((row) => Appeal.from(row, now, application.record));
  }
}
