import { listSize } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { assertContentVisible } from '../application/application.service';
import { Application } from '../application/application.type';
import { recordApplicationRead } from '../application/personal-data';
import type { ApplicationsContext } from '../context';
import { attachmentsLoader } from './attachment.loaders';
import { startAttachmentUpload } from './attachment.service';
import { Attachment, AttachmentUpload, StartAttachmentUploadInput } from './attachment.type';

@Resolver(() => Attachment)
export class AttachmentResolver {
  @Mutation(() => AttachmentUpload, {
    description:
      "Declares a file for a FILE field of the caller's own draft (name, type, exact size) and answers a signed upload URL at the gateway's origin. Too large or of a refused type: BAD_USER_INPUT; someone else's application: FORBIDDEN; not a draft: CONFLICT.",
  })
  async startAttachmentUpload(@Arg('input') input: StartAttachmentUploadInput, @Ctx() ctx: ApplicationsContext): Promise<AttachmentUpload> {
    const { attachment, uploadUrl, expiresAt } = await startAttachmentUpload(ctx, input);
    return Object.assign(new AttachmentUpload(), { attachmentId: attachment.id, uploadUrl, expiresAt, maxBytes: ctx.runtime.attachments.limits.maxBytes });
  }

  @FieldResolver(() => String)
  async downloadUrl(@Root() attachment: Attachment, @Ctx() ctx: ApplicationsContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    await recordApplicationRead(ctx, attachment.application, 'attachment.downloadUrl', info);
    return attachment.downloadUrl;
  }
}

@Resolver(() => Application)
export class ApplicationAttachmentsResolver {
  @Directive(listSize(20))
  @FieldResolver(() => [Attachment], { description: "The files uploaded for the application's FILE fields. For the applicant and the provider's officers." })
  async attachments(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<Attachment[]> {
    assertContentVisible(ctx, application.record);
    const { filesBaseUrl, attachments, now } = ctx.runtime;
    const rows = await attachmentsLoader(ctx).load(application.id);
    return rows.map((row) => {
      const query = new URLSearchParams(attachments.downloadLinks.sign(row.id, now()));
      return Object.assign(new Attachment(), {
        id: row.id,
        field: row.field,
        name: row.name,
        mimeType: row.mimeType,
        size: row.size,
        sha256: row.sha256!,
        uploadedAt: row.storedAt!,
        downloadUrl: `${filesBaseUrl}/attachments/${row.id}?${query.toString()}`,
        application: application.record,
      });
    });
  }
}
