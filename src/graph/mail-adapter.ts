import type { FileAttachment, Message } from '@microsoft/microsoft-graph-types';
import type { MailAttachment, OutgoingMail, ReachGraph } from '../domain/delivery/reach-graph';
import { type GraphCalls, segment } from './graph-calls';
import { ReplaySafety } from './throttled-retry-middleware';

/** The sendMail action's body (user-sendmail.md); the SDK's types have the message, not the action. */
interface SendMailBody {
  readonly message: Message;
  readonly saveToSentItems: boolean;
}

/** An attachment inline in the message: the concrete type must be named, Attachment itself is abstract (fileattachment.md). */
type InlineFileAttachment = FileAttachment & { readonly '@odata.type': '#microsoft.graph.fileAttachment' };

/**
 * Mail from the service mailbox (POST /users/{sender}/sendMail, Mail.Send): for people Teams cannot reach.
 * An Outlook call, limited per mailbox (4 in flight, rate-limiter.ts), not by the Teams limits.
 */
export class MailAdapter implements Pick<ReachGraph, 'sendMail'> {
  constructor(private readonly calls: GraphCalls) {}

  async sendMail(mail: OutgoingMail): Promise<void> {
    const body: SendMailBody = {
      message: {
        subject: mail.subject,
        body: { contentType: 'html', content: mail.html },
        toRecipients: [{ emailAddress: { address: mail.to.address, name: mail.to.name } }],
        ...(mail.attachments?.length ? { attachments: mail.attachments.map(fileAttachment) } : {}),
      },
      // A copy in the service mailbox's Sent Items lets an administrator see what the app sent.
      saveToSentItems: true,
    };
    await this.calls.send('sendMail', () =>
      this.calls.client
        .api(`/users/${segment(mail.from)}/sendMail`)
        // A sendMail that timed out or failed with a 5xx may have sent the mail: never send it twice.
        // 429 and 503 still are retried: they mean Exchange did not take it.
        .middlewareOptions([new ReplaySafety(false)])
        .post(body),
    );
  }
}

function fileAttachment(attachment: MailAttachment): InlineFileAttachment {
  return { '@odata.type': '#microsoft.graph.fileAttachment', name: attachment.name, contentType: attachment.contentType, contentBytes: attachment.contentBase64 };
}
