/**
 * Notices about the account itself (not about an application), rendered in both state languages
 * from the identity event that caused them. Pure: no clock, no I/O.
 */
import type { EventPayloads, LocalizedText } from '@portal/kit';
import { formatBishkekDateTime as when, parseInstant } from '../template/format.rules';

export type AccountTakenOver = EventPayloads['AccountTakenOverByNationalId'];

export interface AccountNotice {
  userId: string;
  type: 'ACCOUNT_TAKEN_OVER';
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
