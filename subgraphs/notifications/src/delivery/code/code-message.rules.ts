/**
 * The message that carries a one-time code: short, in the holder's language, saying what the code is
 * for, until when it works, and to ignore it when not asked for. Pure: no clock, no I/O.
 */
import type { LanguageCode } from '@portal/kit';
import { formatBishkekDateTime } from '../../template/format.rules';

export type CodePurposeCode = 'VERIFY_CONTACT' | 'PASSWORD_RESET';

export interface CodeMessageText {
  /** The email subject (and the SMS text writes it out in full). */
  title: string;
  body: string;
  sms: string;
}

export function composeCodeMessage(input: { purpose: CodePurposeCode; channel: 'EMAIL' | 'SMS'; language: LanguageCode; code: string; expiresAt: Date }): CodeMessageText {
  const until = formatBishkekDateTime(input.expiresAt);
  const { code } = input;
  if (input.language === 'RU') {
    const what = input.purpose === 'PASSWORD_RESET' ? 'для сброса пароля' : input.channel === 'EMAIL' ? 'для подтверждения адреса электронной почты' : 'для подтверждения номера телефона';
    return {
      title: `Госпортал: код ${what} — ${code}`,
      body: `Ваш одноразовый код ${what} на государственном портале: ${code}.\n\nОн действует до ${until} (время Бишкека). Никому его не сообщайте. Если вы не запрашивали код, не обращайте внимания на это сообщение.`,
      sms: `Госпортал: код ${code} ${what}, действует до ${until}. Никому не сообщайте.`,
    };
  }
  const what = input.purpose === 'PASSWORD_RESET' ? 'сырсөздү калыбына келтирүү' : input.channel === 'EMAIL' ? 'электрондук почтанын дарегин тастыктоо' : 'телефон номерин тастыктоо';
  return {
    title: `Мамлекеттик портал: ${what} коду — ${code}`,
    body: `Мамлекеттик порталда ${what} үчүн бир жолку кодуңуз: ${code}.\n\nКод ${until} чейин жарактуу (Бишкек убактысы). Аны эч кимге айтпаңыз. Эгер код сураган эмес болсоңуз, бул билдирүүгө көңүл бурбаңыз.`,
    sms: `Госпортал: ${what} коду ${code}, ${until} чейин жарактуу. Эч кимге айтпаңыз.`,
  };
}
