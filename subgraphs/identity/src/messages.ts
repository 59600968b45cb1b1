import { type Caller, type LanguageCode, type LocalizedText, localize, resolveLanguage } from '@portal/kit';

/** The text in the caller's language: explicit choice, else Accept-Language, else preference, else Kyrgyz. */
export function say(caller: Caller, text: LocalizedText, explicit?: LanguageCode | null): string {
  return localize(text, resolveLanguage(caller, explicit));
}

/** Texts of the sign-in flows, shown to people in the cabinet. */
export const AUTH_TEXT = {
  wrongLoginOrPassword: {
    ky: 'Логин же сырсөз туура эмес.',
    ru: 'Неверный логин или пароль.',
  },
  accountBlocked: {
    ky: 'Бул аккаунт порталдын оператору тарабынан бөгөттөлгөн. Себеби: ',
    ru: 'Эта учётная запись заблокирована оператором портала. Причина: ',
  },
  tooManyFailuresForAccount: {
    ky: 'Бул аккаунтка кирүү аракеттери өтө көп болду. Бир аздан кийин кайра аракет кылыңыз.',
    ru: 'Слишком много неудачных попыток входа в эту учётную запись. Повторите попытку позже.',
  },
  tooManyFailuresFromAddress: {
    ky: 'Бул тармак дарегинен кирүү аракеттери өтө көп болду. Бир аздан кийин кайра аракет кылыңыз.',
    ru: 'Слишком много неудачных попыток входа с этого сетевого адреса. Повторите попытку позже.',
  },
  refreshTokenInvalid: {
    ky: 'Сессияны жаңылоо токени жараксыз. Кайрадан кириңиз.',
    ru: 'Токен обновления сессии недействителен. Войдите заново.',
  },
  refreshTokenExpired: {
    ky: 'Сессиянын мөөнөтү бүттү. Кайрадан кириңиз.',
    ru: 'Срок действия сессии истёк. Войдите заново.',
  },
  refreshTokenReused: {
    ky: 'Бул жаңылоо токени мурун колдонулган. Коопсуздук үчүн ушул кирүүнүн бардык сессиялары жабылды; кайрадан кириңиз.',
    ru: 'Этот токен обновления уже был использован. В целях безопасности все сессии этого входа завершены; войдите заново.',
  },
  sessionEnded: {
    ky: 'Сессия жабылган (чыгуу же бөгөттөө). Кайрадан кириңиз.',
    ru: 'Сессия завершена (выход или блокировка). Войдите заново.',
  },
} satisfies Record<string, LocalizedText>;

/** Texts of refused reads of other people's accounts (identity's own least-privilege check). */
export const ACCESS_TEXT = {
  otherAccount: {
    ky: 'Сиз өз аккаунтуңузду гана көрө аласыз: адамдын аккаунтун ал арыз берген кызмат көрсөтүүчүлөрдүн кызматкерлери жана порталдын операторлору гана көрөт.',
    ru: 'Вы можете просматривать только свою учётную запись: учётную запись человека видят только сотрудники поставщиков, в которые он подал заявление, и операторы портала.',
  },
  personalFields: {
    ky: 'Адамдын ПИНин, туулган күнүн, дарегин жана байланыштарын өзү жана ал арыз берген кызмат көрсөтүүчүлөрдүн кызматкерлери гана көрөт.',
    ru: 'ПИН, дату рождения, адрес и контакты человека видят только он сам и сотрудники поставщиков, в которые он подал заявление.',
  },
} satisfies Record<string, LocalizedText>;

/** Texts of the account self-service in the cabinet (password, sessions, terms). */
export const ACCOUNT_TEXT = {
  noPassword: {
    ky: 'Бул аккаунттун сырсөзү жок: ага Бирдиктүү идентификация системасы аркылуу гана кирилет, ошондуктан сырсөздү өзгөртүүгө болбойт.',
    ru: 'У этой учётной записи нет пароля: в неё входят только через Единую систему идентификации, поэтому пароль сменить нельзя.',
  },
  wrongCurrentPassword: {
    ky: 'Учурдагы сырсөз туура эмес. Аны кайра териңиз.',
    ru: 'Текущий пароль указан неверно. Введите его ещё раз.',
  },
  tooManyWrongPasswords: {
    ky: 'Сырсөз өтө көп жолу туура эмес терилди. Бир аздан кийин кайра аракет кылыңыз.',
    ru: 'Слишком много неверных попыток ввода пароля. Повторите попытку позже.',
  },
  passwordChangedMeanwhile: {
    ky: 'Сырсөз ушул убакта башка сеанстан өзгөртүлдү. Жаңы сырсөз менен кайра аракет кылыңыз.',
    ru: 'Пароль только что был изменён из другого сеанса. Повторите с действующим паролем.',
  },
  noSuchSession: {
    ky: 'Сиздин сеанстарыңыздын арасында мындай сеанс жок. Тизмени `me { sessions { id } }` аркылуу жаңылаңыз.',
    ru: 'Среди ваших сеансов такого нет. Обновите список через `me { sessions { id } }`.',
  },
  ownSessionsOnly: {
    ky: 'Сеанстарды жана кабыл алынган шарттардын редакциясын аккаунттун ээси гана көрөт.',
    ru: 'Сеансы и принятую редакцию условий видит только владелец учётной записи.',
  },
} satisfies Record<string, LocalizedText>;

/** The terms version the cabinet must accept: only the current one. */
export function termsNotCurrentText(current: string): LocalizedText {
  return {
    ky: `Порталдын колдонуу шарттарынын учурдагы редакциясын гана кабыл алса болот: ${current} (Query.currentTermsVersion).`,
    ru: `Принять можно только действующую редакцию условий использования портала: ${current} (Query.currentTermsVersion).`,
  };
}
