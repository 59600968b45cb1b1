/**
 * Notices about the account itself (not about an application), rendered in both state languages
 * from the identity event that caused them. Pure: no clock, no I/O.
 */
import type { EventPayloads, LocalizedText } from '@portal/kit';
import { formatBishkekDateTime as when, parseInstant } from '../template/format.rules';

export type AccountTakenOver = EventPayloads['AccountTakenOverByNationalId'];
export type PasswordChanged = EventPayloads['PasswordChanged'];
export type SessionsEnded = EventPayloads['SessionsEnded'];
export type TermsAccepted = EventPayloads['TermsAccepted'];
export type ContactVerified = EventPayloads['ContactVerified'];
export type PasswordReset = EventPayloads['PasswordReset'];
export type ConsentWithdrawn = EventPayloads['ConsentWithdrawn'];

export type AccountNoticeType = 'ACCOUNT_TAKEN_OVER' | 'PASSWORD_CHANGED' | 'SESSION_ENDED' | 'TERMS_ACCEPTED' | 'CONTACT_VERIFIED' | 'PASSWORD_RESET' | 'CONSENT_WITHDRAWN';

export interface AccountNotice {
  userId: string;
  type: AccountNoticeType;
  title: LocalizedText;
  body: LocalizedText;
  /** Names the fact (this takeover), so a re-emitted event notifies nobody twice. */
  sourceKey: string;
}

const join = (...sentences: Array<string | false>) => sentences.filter(Boolean).join(' ');

/**
 * The holder is told that the national-ID identity took the account over, and what was revoked:
 * someone who registered with this PIN before has lost the account; the real person learns it is theirs.
 */
export function noticeForAccountTakeover(fact: AccountTakenOver, occurredAt: Date): AccountNotice {
  const at = when(parseInstant(fact.at) ?? occurredAt);
  return {
    userId: fact.userId,
    type: 'ACCOUNT_TAKEN_OVER',
    title: {
      ky: 'Аккаунт Бирдиктүү идентификация системасы тастыктаган инсанга бекитилди',
      ru: 'Учётная запись закреплена за личностью, подтверждённой Единой системой идентификации',
    },
    body: {
      ky: join(
        `${at} аккаунтка анын ПИНи менен Бирдиктүү идентификация системасы аркылуу кирилди.`,
        'Буга чейин аккаунт бул системага байланган эмес болчу, ошондуктан ал тастыкталган инсанга өттү:',
        fact.passwordCleared && 'мурунку сырсөз өчүрүлдү;',
        `жабылган сеанстар: ${fact.sessionsEnded}; кайтарылып алынган кол тамга ачкычтары: ${fact.signingKeysRevoked}.`,
        'Реестр тастыктабаган байланыштар (электрондук почта, телефон) өчүрүлдү.',
        'Эгер бул аккаунтту сиз түзгөн болсоңуз, бирок кирген сиз болбосоңуз, порталдын операторуна кайрылыңыз.',
      ),
      ru: join(
        `${at} в учётную запись вошли через Единую систему идентификации с её ПИН.`,
        'Раньше учётная запись не была связана с этой системой, поэтому она перешла к подтверждённой личности:',
        fact.passwordCleared && 'прежний пароль удалён;',
        `завершено сеансов: ${fact.sessionsEnded}; отозвано ключей подписи: ${fact.signingKeysRevoked}.`,
        'Контакты, не подтверждённые реестром (электронная почта, телефон), удалены.',
        'Если учётную запись создавали вы, но входили не вы, обратитесь к оператору портала.',
      ),
    },
    sourceKey: `user:${fact.userId}:taken-over:${fact.at}`,
  };
}

/** "from 203.0.113.5, Firefox/128" or nothing, when the client was not known. */
function client(ip: string | null | undefined, userAgent: string | null | undefined, word: { ky: string; ru: string }): { ky: string; ru: string } {
  const parts = [ip, userAgent].filter((part): part is string => typeof part === 'string' && part !== '').join(', ');
  return parts === '' ? { ky: '', ru: '' } : { ky: ` (${word.ky}: ${parts})`, ru: ` (${word.ru}: ${parts})` };
}

const IF_NOT_YOU = {
  ky: 'Эгер бул сиз болбосоңуз, дароо порталдын операторуна кайрылыңыз.',
  ru: 'Если это были не вы, сразу обратитесь к оператору портала.',
};

/** The holder changed the password: when, from which client, how many other sessions ended. */
export function noticeForPasswordChange(fact: PasswordChanged, occurredAt: Date): AccountNotice {
  const at = when(parseInstant(fact.at) ?? occurredAt);
  const from = client(fact.ip, fact.userAgent, { ky: 'кайдан', ru: 'откуда' });
  return {
    userId: fact.userId,
    type: 'PASSWORD_CHANGED',
    title: { ky: 'Аккаунттун сырсөзү өзгөртүлдү', ru: 'Пароль учётной записи изменён' },
    body: {
      ky: join(`${at} аккаунттун сырсөзү өзгөртүлдү${from.ky}.`, `Башка бардык сеанстар жабылды: ${fact.sessionsEnded}.`, IF_NOT_YOU.ky),
      ru: join(`${at} пароль учётной записи изменён${from.ru}.`, `Все остальные сеансы завершены: ${fact.sessionsEnded}.`, IF_NOT_YOU.ru),
    },
    sourceKey: `user:${fact.userId}:password-changed:${fact.at}`,
  };
}

/** The holder ended one of their sessions from the cabinet; other reasons have notices of their own (or none). */
export function noticeForSessionEnded(fact: SessionsEnded, occurredAt: Date): AccountNotice | null {
  if (fact.reason !== 'ENDED_BY_USER' || fact.sessionIds.length === 0) return null;
  const at = when(parseInstant(fact.endedAt) ?? occurredAt);
  const of = client(fact.ip, fact.userAgent, { ky: 'анын түзмөгү', ru: 'его устройство' });
  return {
    userId: fact.userId,
    type: 'SESSION_ENDED',
    title: { ky: 'Сеанстардын бири жабылды', ru: 'Один из сеансов завершён' },
    body: {
      ky: join(`${at} кабинеттен аккаунттун сеанстарынын бири жабылды${of.ky}: ал түзмөктөн кайра кирүү керек болот.`, IF_NOT_YOU.ky),
      ru: join(`${at} из кабинета завершён один из сеансов учётной записи${of.ru}: на том устройстве нужно войти заново.`, IF_NOT_YOU.ru),
    },
    sourceKey: `session:${fact.sessionIds[0]}:ended-by-user`,
  };
}

/** The holder accepted a new version of the terms of use. */
export function noticeForTermsAccepted(fact: TermsAccepted, occurredAt: Date): AccountNotice {
  const at = when(parseInstant(fact.at) ?? occurredAt);
  return {
    userId: fact.userId,
    type: 'TERMS_ACCEPTED',
    title: { ky: 'Колдонуу шарттарынын жаңы редакциясы кабыл алынды', ru: 'Принята новая редакция условий использования' },
    body: {
      ky: `${at} порталдын колдонуу шарттарынын ${fact.termsVersion} редакциясы кабыл алынды${fact.previousVersion ? ` (мурункусу: ${fact.previousVersion})` : ''}.`,
      ru: `${at} принята редакция ${fact.termsVersion} условий использования портала${fact.previousVersion ? ` (прежняя: ${fact.previousVersion})` : ''}.`,
    },
    sourceKey: `user:${fact.userId}:terms:${fact.termsVersion}`,
  };
}

/** The holder confirmed a new email or phone: notices go there from now on (the old one, if any, no more). */
export function noticeForContactVerified(fact: ContactVerified, occurredAt: Date): AccountNotice {
  const at = when(parseInstant(fact.at) ?? occurredAt);
  const email = fact.channel === 'EMAIL';
  const replaced = fact.previousValue && fact.previousValue !== fact.value;
  return {
    userId: fact.userId,
    type: 'CONTACT_VERIFIED',
    title: email ? { ky: 'Электрондук почтанын дареги тастыкталды', ru: 'Адрес электронной почты подтверждён' } : { ky: 'Телефон номери тастыкталды', ru: 'Номер телефона подтверждён' },
    body: {
      ky: join(
        `${at} аккаунтка ${email ? 'электрондук почта' : 'телефон номери'} тастыкталды: ${fact.value}${replaced ? ` (мурунку: ${fact.previousValue})` : ''}.`,
        'Билдирүүлөр жана бир жолку коддор эми ушул жакка жөнөтүлөт.',
        IF_NOT_YOU.ky,
      ),
      ru: join(
        `${at} в учётной записи подтверждён ${email ? 'адрес электронной почты' : 'номер телефона'}: ${fact.value}${replaced ? ` (прежний: ${fact.previousValue})` : ''}.`,
        'Уведомления и одноразовые коды теперь отправляются туда.',
        IF_NOT_YOU.ru,
      ),
    },
    sourceKey: `user:${fact.userId}:contact-verified:${fact.channel}:${fact.at}`,
  };
}

/** The password was reset with a one-time code: every session ended. */
export function noticeForPasswordReset(fact: PasswordReset, occurredAt: Date): AccountNotice {
  const at = when(parseInstant(fact.at) ?? occurredAt);
  const from = client(fact.ip, null, { ky: 'кайдан', ru: 'откуда' });
  const by = fact.channel === 'EMAIL' ? { ky: 'электрондук почтага', ru: 'на электронную почту' } : { ky: 'SMS аркылуу', ru: 'по SMS' };
  return {
    userId: fact.userId,
    type: 'PASSWORD_RESET',
    title: { ky: 'Аккаунттун сырсөзү калыбына келтирилди', ru: 'Пароль учётной записи сброшен' },
    body: {
      ky: join(`${at} ${by.ky} жөнөтүлгөн код менен аккаунттун сырсөзү жаңыланды${from.ky}.`, `Бардык сеанстар жабылды: ${fact.sessionsEnded}.`, IF_NOT_YOU.ky),
      ru: join(`${at} пароль учётной записи заменён по коду, отправленному ${by.ru}${from.ru}.`, `Все сеансы завершены: ${fact.sessionsEnded}.`, IF_NOT_YOU.ru),
    },
    sourceKey: `user:${fact.userId}:password-reset:${fact.at}`,
  };
}

/** The holder withdrew consent: what that means for the account (the last notice it receives). */
export function noticeForConsentWithdrawn(fact: ConsentWithdrawn, occurredAt: Date): AccountNotice {
  const at = when(parseInstant(fact.at) ?? occurredAt);
  return {
    userId: fact.userId,
    type: 'CONSENT_WITHDRAWN',
    title: { ky: 'Макулдук кайтарылып алынды, аккаунт жабылды', ru: 'Согласие отозвано, учётная запись закрыта' },
    body: {
      ky: join(
        `${at} колдонуу шарттарына жана жеке маалыматтарды иштетүүгө макулдук кайтарылып алынды.`,
        `Аккаунт жабылды: бардык сеанстар жабылды (${fact.sessionsEnded}), кирүү мүмкүн эмес, мындан ары билдирүүлөр жөнөтүлбөйт.`,
        'Берилген арыздар жана алардагы маалыматтар мыйзамда белгиленген мөөнөткө чейин сакталат.',
        'Порталды кайра колдонуу үчүн порталдын операторуна кайрылыңыз.',
      ),
      ru: join(
        `${at} отозвано согласие с условиями использования и на обработку персональных данных.`,
        `Учётная запись закрыта: все сеансы завершены (${fact.sessionsEnded}), вход невозможен, уведомления больше не отправляются.`,
        'Поданные заявления и их данные хранятся в течение срока, установленного законом.',
        'Чтобы снова пользоваться порталом, обратитесь к оператору портала.',
      ),
    },
    sourceKey: `user:${fact.userId}:consent-withdrawn:${fact.at}`,
  };
}
