import type { TestPlatform } from './platform';
import type { SmppPeer } from './smpp-peer';
import type { SmtpPeer } from './smtp-peer';

/** The one-time code in a code message: the end of its email subject (`… — 123456`) or the SMS (`код 123456`, `коду 123456`); null in any other message. */
export function codeIn(text: string): string | null {
  return (/ — (\d{6})$/.exec(text) ?? /код[уа]? (\d{6})(?!\d)/.exec(text))?.[1] ?? null;
}

/** Waits for the one-time code sent to `destination` after `since` messages, at the test's own SMTP or SMPP peer. */
export async function codeSentTo(platform: TestPlatform, peer: SmtpPeer | SmppPeer, destination: string, since: number): Promise<string> {
  const isSms = 'binds' in peer;
  const sms = isSms ? destination.replace(/^\+/, '') : destination;
  const texts = () =>
    isSms
      ? (peer as SmppPeer).received.slice(since).filter((m) => m.destination === sms).map((m) => m.text)
      : (peer as SmtpPeer).received.slice(since).filter((m) => m.to.includes(destination)).map((m) => m.subject);
  const [code] = await platform.until(async () => texts().map(codeIn).filter((found): found is string => found !== null), (found) => found.length > 0, `the code sent to ${destination}`);
  return code;
}

/**
 * Sets and confirms a contact the way a user does: updateContact sends a code to the new email or
 * phone, the test reads it at its own SMTP or SMPP peer, and verifyContact confirms it.
 */
export async function verifyContact(platform: TestPlatform, token: string, channel: 'EMAIL' | 'PHONE', value: string, peer: SmtpPeer | SmppPeer): Promise<void> {
  const since = peer.received.length;
  const challenge = (await platform.ok('mutation($c: ContactChannel!, $v: String!) { updateContact(channel: $c, value: $v) { destination } }', { c: channel, v: value }, token)).updateContact;
  const code = await codeSentTo(platform, peer, challenge.destination, since);
  const verified = (await platform.ok('mutation($c: ContactChannel!, $code: String!) { verifyContact(channel: $c, code: $code) { emailVerified phoneVerified } }', { c: channel, code }, token)).verifyContact;
  if (!(channel === 'EMAIL' ? verified.emailVerified : verified.phoneVerified)) throw new Error(`${channel} ${value} is not verified after verifyContact`);
}
