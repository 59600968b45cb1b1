import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldErrorsOf, messageOf } from '../api/errors';
import { Checkbox, FormError, TextField } from '../components/fields';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import type { ContactChannel, NotificationChannel } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

const PREFERENCES = graphql(`
  query MyNotificationPreferences {
    me {
      id
      email
      emailVerified
      phone
      phoneVerified
      notificationPreferences { channels email phone telegramLinked }
    }
  }
`);

const UPDATE_PREFERENCES = graphql(`
  mutation UpdateMyNotificationPreferences($input: NotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) { channels email phone telegramLinked }
  }
`);

const UPDATE_CONTACT = graphql(`
  mutation UpdateMyContact($channel: ContactChannel!, $value: String!) {
    updateContact(channel: $channel, value: $value) { channel destination expiresAt }
  }
`);

const VERIFY_CONTACT = graphql(`
  mutation VerifyMyContact($channel: ContactChannel!, $code: String!) {
    verifyContact(channel: $channel, code: $code) { id email emailVerified phone phoneVerified }
  }
`);

const CHANNELS: NotificationChannel[] = ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'];

/** Where notices go (channels) and the verified contacts they need (updateContact, then verifyContact with the code). */
export function PreferencesPage() {
  const { t } = useI18n();
  const { data, loading, error, refetch } = useQuery(PREFERENCES, { fetchPolicy: 'network-only' });
  const me = data?.me;
  return (
    <Page title={t('prefs.title')}>
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!me && loading ? <Loading /> : null}
      {me ? (
        <>
          <ChannelsForm
            current={me.notificationPreferences.channels}
            available={{ CABINET: true, EMAIL: me.emailVerified, SMS: me.phoneVerified, TELEGRAM: me.notificationPreferences.telegramLinked }}
          />
          <section aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">{t('prefs.contacts')}</h2>
            <ContactForm channel="EMAIL" label={t('prefs.email')} value={me.email ?? null} verified={me.emailVerified} onVerified={() => void refetch()} />
            <ContactForm channel="PHONE" label={t('prefs.phone')} value={me.phone ?? null} verified={me.phoneVerified} onVerified={() => void refetch()} />
          </section>
        </>
      ) : null}
    </Page>
  );
}

function ChannelsForm({ current, available }: { current: NotificationChannel[]; available: Record<NotificationChannel, boolean> }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<Set<NotificationChannel>>(() => new Set(current));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [update, { loading }] = useMutation(UPDATE_PREFERENCES);
  useEffect(() => setChosen(new Set(current)), [current]);

  const needs: Record<NotificationChannel, string | null> = {
    CABINET: null,
    EMAIL: available.EMAIL ? null : t('prefs.needsEmail'),
    SMS: available.SMS ? null : t('prefs.needsPhone'),
    TELEGRAM: available.TELEGRAM ? null : t('prefs.needsTelegram'),
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setDone(false);
    try {
      // CABINET is always on (the contract requires it)
      await update({ variables: { input: { channels: CHANNELS.filter((channel) => channel === 'CABINET' || chosen.has(channel)) } } });
      setDone(true); // shown in a status region: read once
    } catch (error) {
      setProblem(messageOf(error, t('status.network')));
    }
  }

  return (
    <form className="stack narrow" noValidate onSubmit={(event) => void save(event)}>
      <FormError message={problem} />
      <fieldset>
        <legend>{t('prefs.channels')}</legend>
        {CHANNELS.map((channel) =>
          channel === 'CABINET' ? (
            <p key={channel}>{t('prefs.channel.CABINET')}</p>
          ) : (
            <Checkbox
              key={channel}
              name={`channel-${channel}`}
              label={needs[channel] && !chosen.has(channel) ? `${t(`prefs.channel.${channel}`)} (${needs[channel]})` : t(`prefs.channel.${channel}`)}
              checked={chosen.has(channel)}
              onChange={(checked) =>
                setChosen((previous) => {
                  const next = new Set(previous);
                  if (checked) next.add(channel);
                  else next.delete(channel);
                  return next;
                })
              }
            />
          ),
        )}
      </fieldset>
      {done ? (
        <p className="success" role="status">
          {t('prefs.saved')}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={loading}>
        {t('prefs.save')}
      </button>
    </form>
  );
}

function ContactForm({ channel, label, value, verified, onVerified }: { channel: ContactChannel; label: string; value: string | null; verified: boolean; onVerified(): void }) {
  const { t, formatDate } = useI18n();
  const [next, setNext] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<{ destination: string; expiresAt: string } | null>(null);
  const [errors, setErrors] = useState<{ value?: string; code?: string; general?: string | null }>({});
  const [done, setDone] = useState(false);
  const [updateContact, updating] = useMutation(UPDATE_CONTACT);
  const [verifyContact, verifying] = useMutation(VERIFY_CONTACT);
  const name = channel === 'EMAIL' ? 'email' : 'phone';

  async function sendCode(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (next.trim() === '') return setErrors({ value: t('field.required') });
    setErrors({});
    try {
      const result = await updateContact({ variables: { channel, value: next.trim() } });
      if (result.data) setSent(result.data.updateContact);
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      // the refusal concerns the value typed (format, taken, throttled): shown next to it
      setErrors({ value: Object.values(byField)[0] ?? general ?? undefined });
    }
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    if (code.trim() === '') return setErrors({ code: t('field.required') });
    setErrors({});
    try {
      await verifyContact({ variables: { channel, code: code.trim() } });
      setSent(null);
      setNext('');
      setCode('');
      setDone(true);
      onVerified();
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      setErrors({ code: Object.values(byField)[0] ?? general ?? undefined });
    }
  }

  return (
    <div className="card stack">
      <h3>{label}</h3>
      <p data-testid={`contact-${name}`}>
        {value ?? t('prefs.none')}
        {value ? <span className="meta"> — {verified ? t('prefs.verified') : t('prefs.notVerified')}</span> : null}
      </p>
      {done ? (
        <p className="success" role="status">
          {t('prefs.verifiedDone')}
        </p>
      ) : null}
      <form className="stack narrow" noValidate onSubmit={(event) => void sendCode(event)}>
        <TextField
          name={`new-${name}`}
          type={channel === 'EMAIL' ? 'email' : 'tel'}
          autoComplete={channel === 'EMAIL' ? 'email' : 'tel'}
          label={`${label}: ${t('prefs.change')}`}
          hint={channel === 'PHONE' ? t('register.phoneHint') : undefined}
          value={next}
          onChange={setNext}
          error={errors.value}
        />
        <button type="submit" disabled={updating.loading}>
          {t('prefs.sendCode')}
        </button>
      </form>
      {sent ? (
        <form className="stack narrow" noValidate onSubmit={(event) => void verify(event)}>
          <p role="status">{t('prefs.codeSent', { destination: sent.destination, until: formatDate(sent.expiresAt, true) })}</p>
          <TextField name={`code-${name}`} inputMode="numeric" autoComplete="one-time-code" label={t('prefs.code')} value={code} onChange={setCode} error={errors.code} required />
          <button type="submit" className="primary" disabled={verifying.loading}>
            {t('prefs.verify')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
