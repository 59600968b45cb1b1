import type { LocalizedText, Reception } from '@portal/kit';
import { asSentence, formatBishkekDateTime as when, formatSom } from './format.rules';

/**
 * The notices of R-34, R-35, R-40, R-41 and R-32, each rendered in both state languages (R-7)
 * from the facts of the event that caused it. Pure: no clock, no I/O.
 */
export const NOTIFICATION_TYPES = [
  'APPLICATION_SUBMITTED',
  'APPLICATION_ACCEPTED',
  'APPLICATION_REJECTED',
  'PAYMENT_REQUIRED',
  'PAYMENT_CONFIRMED',
  'APPLICATION_REVIEW_STARTED',
  'APPLICATION_APPROVED',
  'APPLICATION_REFUSED',
  'APPLICATION_WITHDRAWN',
  'APPLICATION_OVERDUE',
  'PAYMENT_REFUNDED',
  'DRAFT_EXPIRING',
  'APPEAL_FILED',
  'APPEAL_REGISTERED',
  'APPEAL_UNDER_REVIEW',
  'APPEAL_UPHELD',
  'APPEAL_DISMISSED',
  'APPEAL_OVERDUE',
  'APPLICATION_REOPENED',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Where and when the provider receives applicants in person (standard items 4-5). */
export type ReceptionFacts = Reception;

/** What every notice about an application names. */
export interface ApplicationFacts {
  /** The registration number; the cabinet lists applications by it. */
  number: string;
  serviceTitle: LocalizedText;
}

export interface NoticeFacts {
  APPLICATION_SUBMITTED: ApplicationFacts & { submittedAt: Date; intakeDueAt: Date | null };
  /** Registered at intake (R-35.1); a paid service waits for payment first (R-40). */
  APPLICATION_ACCEPTED: ApplicationFacts & {
    registeredAt: Date;
    dueAt: Date | null;
    paymentRequired: boolean;
    /** Paid services (R-35.1 with R-40): the completion date if the fee is confirmed by paidBy. */
    dueAtIfPaidBy?: { paidBy: Date; dueAt: Date } | null;
    /** The service requires the applicant to come in person: where and when (v2 events). */
    visit?: ReceptionFacts | null;
  };
  APPLICATION_REJECTED: ApplicationFacts & { decidedAt: Date; reason: string | null; appealProcedure: LocalizedText | null };
  PAYMENT_REQUIRED: ApplicationFacts & { amountMinor: number; uin: string };
  PAYMENT_CONFIRMED: ApplicationFacts & { amountMinor: number; receiptNumber: string; paidAt: Date };
  /** A paid application enters review once paid: only now is its completion date known. */
  APPLICATION_REVIEW_STARTED: ApplicationFacts & { startedAt: Date; dueAt: Date };
  APPLICATION_APPROVED: ApplicationFacts & {
    decidedAt: Date;
    resultDocumentNumber: string | null;
    /** R-35.3: the result is handed over in person here (absent: in the cabinet). */
    collection?: ReceptionFacts | null;
    /** R-33.2: the applicant chose the result as an information-system record (absent: a document). */
    asRecord?: boolean;
  };
  APPLICATION_REFUSED: ApplicationFacts & { decidedAt: Date; reason: string | null; appealProcedure: LocalizedText | null };
  APPLICATION_WITHDRAWN: ApplicationFacts & { withdrawnAt: Date };
  /** The provider missed a deadline (R-34): the intake answer (R-41) or the decision (S-21); dueAt is when it fell due. */
  APPLICATION_OVERDUE: ApplicationFacts & { deadline: MissedDeadline; dueAt: Date | null };
  /** The payment system returned the fee (withdrawn, or refused where the standard returns it); the refund receipt is in the cabinet. */
  PAYMENT_REFUNDED: ApplicationFacts & { amountMinor: number; uin: string; receiptNumber: string; refundedAt: Date; reason: LocalizedText };
  /** Retention (R-27.6): a draft untouched since lastChangedAt is removed at removalAt unless changed before. */
  DRAFT_EXPIRING: { serviceTitle: LocalizedText; lastChangedAt: Date; removalAt: Date };
  /** A complaint received while the provider has no appeal body named: it waits to be addressed (R-37). */
  APPEAL_FILED: AppealFacts;
  /** Registered with the appeal body, with its answer deadline; the body's officers get it as a new complaint. */
  APPEAL_REGISTERED: AppealFacts;
  APPEAL_UNDER_REVIEW: AppealFacts;
  /** The body's motivated answer; upheld, the application may be reopened (reopenedTo). */
  APPEAL_UPHELD: AppealFacts;
  APPEAL_DISMISSED: AppealFacts;
  /** The appeal body let its answer deadline (dueAt) pass: the applicant and the body's officers are told. */
  APPEAL_OVERDUE: AppealFacts;
  /** An upheld complaint sent the application back to the provider: to intake (SUBMITTED) or to review (IN_REVIEW). */
  APPLICATION_REOPENED: ApplicationFacts & { reopenedAt: Date; to: 'SUBMITTED' | 'IN_REVIEW'; dueAt: Date | null; answer: string | null };
}

/** Who a complaint notice is for: the applicant, an officer of the provider complained about, an officer of the appeal body. */
export type AppealAudience = 'APPLICANT' | 'PROVIDER' | 'APPEAL_BODY';
export type AppealSubjectCode = 'DECISION' | 'ACTION' | 'INACTION';

export interface AppealFacts extends ApplicationFacts {
  audience: AppealAudience;
  subject: AppealSubjectCode;
  at: Date;
  appealBodyName: LocalizedText | null;
  dueAt: Date | null;
  answer: string | null;
  reopenedTo: string | null;
}

/** Which of the provider's deadlines passed: the intake answer (R-41) or the decision (S-21). */
export const MISSED_DEADLINES = ['INTAKE', 'DECISION'] as const;
export type MissedDeadline = (typeof MISSED_DEADLINES)[number];

/** One notice to render: its type and the facts its template needs. */
export type Notice = { [T in NotificationType]: { type: T; facts: NoticeFacts[T] } }[NotificationType];

export interface RenderedNotice {
  title: LocalizedText;
  body: LocalizedText;
}

type Template<T extends NotificationType> = (facts: NoticeFacts[T]) => RenderedNotice;

/** Used when the service standard gives no appeal procedure: the general administrative route (R-38). */
export const DEFAULT_APPEAL_PROCEDURE: LocalizedText = {
  ky: '«Административдик ишмердүүлүктүн негиздери жана административдик жол-жоболор жөнүндө» Кыргыз Республикасынын Мыйзамында белгиленген тартипте чечимге жогору турган органга же сотко даттанууга болот.',
  ru: 'Решение можно обжаловать в вышестоящий орган или в суд в порядке, установленном Законом Кыргызской Республики «Об основах административной деятельности и административных процедурах».',
};

const reasonOf = (reason: string | null) => ({
  ky: reason?.trim() ? `Себеби: ${asSentence(reason)}` : 'Себеби көрсөтүлгөн эмес.',
  ru: reason?.trim() ? `Причина: ${asSentence(reason)}` : 'Причина не указана.',
});

const appealOf = (appeal: LocalizedText | null) => {
  const text = appeal && appeal.ky.trim() && appeal.ru.trim() ? appeal : DEFAULT_APPEAL_PROCEDURE;
  return { ky: `Даттануу тартиби: ${asSentence(text.ky)}`, ru: `Порядок обжалования: ${asSentence(text.ru)}` };
};

/** The applicant's remedy against a provider that let a deadline pass: a complaint about its inaction, filed in the portal (R-37, R-38). */
export const INACTION_COMPLAINT: LocalizedText = {
  ky: 'Кызмат көрсөтүүчүнүн аракетсиздигине ушул эле порталда даттана аласыз: жеке кабинеттеги өтүнмөнүн барагында «Даттануу берүү» баскычын басып, «аракетсиздик» дегенди тандаңыз. Даттанууну жогору турган орган «Административдик ишмердүүлүктүн негиздери жана административдик жол-жоболор жөнүндө» Кыргыз Республикасынын Мыйзамында белгиленген тартипте жана мөөнөттө карайт.',
  ru: 'Пожаловаться на бездействие поставщика услуги можно здесь же, на портале: на странице заявления в личном кабинете нажмите «Подать жалобу» и выберите «бездействие». Жалобу рассмотрит вышестоящий орган в порядке и сроки, установленные Законом Кыргызской Республики «Об основах административной деятельности и административных процедурах».',
};

const SUBJECT_TEXT: Record<AppealSubjectCode, LocalizedText> = {
  DECISION: { ky: 'кызмат көрсөтүүчүнүн чечимине', ru: 'на решение поставщика услуги' },
  ACTION: { ky: 'кызмат көрсөтүүчүнүн аракетине', ru: 'на действие поставщика услуги' },
  INACTION: { ky: 'кызмат көрсөтүүчүнүн аракетсиздигине', ru: 'на бездействие поставщика услуги' },
};

const bodyOf = (name: LocalizedText | null) => ({ ky: name?.ky ?? 'жогору турган орган', ru: name?.ru ?? 'вышестоящий орган' });

const REOPENED_TO: Record<string, LocalizedText> = {
  SUBMITTED: { ky: 'өтүнмө кайра кабыл алуу баскычына кайтарылды', ru: 'заявление возвращено на этап приёма' },
  IN_REVIEW: { ky: 'өтүнмө кайра кароого кайтарылды', ru: 'заявление возвращено на рассмотрение' },
};

/** The opening sentence of a complaint notice, for its audience. */
function appealLead(f: AppealFacts, what: LocalizedText): LocalizedText {
  const s = SUBJECT_TEXT[f.subject];
  if (f.audience === 'APPLICANT') {
    return {
      ky: `«${f.serviceTitle.ky}» кызматы боюнча № ${f.number} өтүнмөгө байланыштуу ${s.ky} даттанууңуз ${what.ky}.`,
      ru: `Ваша жалоба ${s.ru} по заявлению № ${f.number} (услуга «${f.serviceTitle.ru}») ${what.ru}.`,
    };
  }
  return {
    ky: `«${f.serviceTitle.ky}» кызматы боюнча № ${f.number} өтүнмөгө байланыштуу ${s.ky} арыз ээсинин даттануусу ${what.ky}.`,
    ru: `Жалоба заявителя ${s.ru} по заявлению № ${f.number} (услуга «${f.serviceTitle.ru}») ${what.ru}.`,
  };
}

const answerOf = (answer: string | null) => ({
  ky: answer?.trim() ? `Жооп: ${asSentence(answer)}` : '',
  ru: answer?.trim() ? `Ответ: ${asSentence(answer)}` : '',
});

const join = (...sentences: Array<string | false | null | undefined>) => sentences.filter(Boolean).join(' ');

/** The complaint templates (R-37, R-38): one per state, worded for the applicant, the provider or the appeal body. */
const APPEAL_TEMPLATES = {
  APPEAL_FILED: (f: AppealFacts): RenderedNotice => {
    const lead = appealLead(f, { ky: 'кабыл алынды', ru: 'получена' });
    return {
      title: { ky: `№ ${f.number} өтүнмө боюнча даттануу кабыл алынды`, ru: `Жалоба по заявлению № ${f.number} получена` },
      body: {
        ky: join(lead.ky, `Берилген күнү: ${when(f.at)}.`, 'Кызмат көрсөтүүчү үчүн жогору турган орган азырынча белгилене элек: ал белгиленгенде даттануу ага жөнөтүлүп катталат жана билдирүү аласыз.'),
        ru: join(lead.ru, `Дата подачи: ${when(f.at)}.`, 'Вышестоящий орган для этого поставщика пока не указан: как только он будет указан, жалоба будет направлена ему и зарегистрирована, вы получите уведомление.'),
      },
    };
  },
  APPEAL_REGISTERED: (f: AppealFacts): RenderedNotice => {
    const body = bodyOf(f.appealBodyName);
    const lead = appealLead(f, { ky: `${body.ky} тарабынан катталды`, ru: `зарегистрирована органом «${body.ru}»` });
    const due = f.dueAt ? { ky: `Жооп берүүнүн акыркы мөөнөтү: ${when(f.dueAt)}.`, ru: `Срок ответа: до ${when(f.dueAt)}.` } : { ky: '', ru: '' };
    const tail =
      f.audience === 'APPEAL_BODY'
        ? { ky: 'Даттанууну даттануулар кезегинен (appealQueue) кароого алыңыз.', ru: 'Возьмите жалобу на рассмотрение из очереди жалоб (appealQueue).' }
        : f.audience === 'PROVIDER'
          ? { ky: 'Орган өтүнмөнүн материалдарын карайт; жообу сизге да билдирилет.', ru: 'Орган изучит материалы заявления; о его ответе вам также сообщат.' }
          : { ky: 'Жооп берилгенде билдирүү аласыз.', ru: 'Когда орган ответит, вы получите уведомление.' };
    return {
      title:
        f.audience === 'APPEAL_BODY'
          ? { ky: `№ ${f.number} өтүнмө боюнча жаңы даттануу`, ru: `Новая жалоба по заявлению № ${f.number}` }
          : { ky: `№ ${f.number} өтүнмө боюнча даттануу катталды`, ru: `Жалоба по заявлению № ${f.number} зарегистрирована` },
      body: { ky: join(lead.ky, `Катталган күнү: ${when(f.at)}.`, due.ky, tail.ky), ru: join(lead.ru, `Дата регистрации: ${when(f.at)}.`, due.ru, tail.ru) },
    };
  },
  APPEAL_UNDER_REVIEW: (f: AppealFacts): RenderedNotice => {
    const body = bodyOf(f.appealBodyName);
    const lead = appealLead(f, { ky: `${body.ky} тарабынан кароого алынды`, ru: `принята к рассмотрению органом «${body.ru}»` });
    return {
      title: { ky: `№ ${f.number} өтүнмө боюнча даттануу каралууда`, ru: `Жалоба по заявлению № ${f.number} на рассмотрении` },
      body: {
        ky: join(lead.ky, `Кароо башталган күнү: ${when(f.at)}.`, f.dueAt && `Жооп берүүнүн акыркы мөөнөтү: ${when(f.dueAt)}.`),
        ru: join(lead.ru, `Дата начала рассмотрения: ${when(f.at)}.`, f.dueAt && `Срок ответа: до ${when(f.dueAt)}.`),
      },
    };
  },
  APPEAL_UPHELD: (f: AppealFacts): RenderedNotice => {
    const body = bodyOf(f.appealBodyName);
    const lead = appealLead(f, { ky: `${body.ky} тарабынан канааттандырылды`, ru: `удовлетворена органом «${body.ru}»` });
    const reopened = f.reopenedTo ? REOPENED_TO[f.reopenedTo] : null;
    return {
      title: { ky: `№ ${f.number} өтүнмө боюнча даттануу канааттандырылды`, ru: `Жалоба по заявлению № ${f.number} удовлетворена` },
      body: {
        ky: join(lead.ky, `Чечим кабыл алынган күнү: ${when(f.at)}.`, answerOf(f.answer).ky, reopened && `${asSentence(reopened.ky)}`, 'Жооп органдын ыйгарым укуктуу кызматкеринин электрондук колу менен кол коюлган.'),
        ru: join(lead.ru, `Дата решения: ${when(f.at)}.`, answerOf(f.answer).ru, reopened && `${asSentence(reopened.ru)}`, 'Ответ подписан электронной подписью уполномоченного сотрудника органа.'),
      },
    };
  },
  APPEAL_OVERDUE: (f: AppealFacts): RenderedNotice => {
    const body = bodyOf(f.appealBodyName);
    const lead = appealLead(f, { ky: `боюнча ${body.ky} белгиленген мөөнөттө жооп берген жок`, ru: `не получила ответа органа «${body.ru}» в установленный срок` });
    return {
      title: { ky: `№ ${f.number} өтүнмө боюнча даттанууга жооп берүү мөөнөтү өттү`, ru: `Срок ответа на жалобу по заявлению № ${f.number} истёк` },
      body: {
        ky: join(lead.ky, f.dueAt && `Жооп берүүнүн акыркы мөөнөтү: ${when(f.dueAt)}.`, f.audience === 'APPEAL_BODY' ? 'Даттанууга кечиктирбей жооп бериңиз (answerAppeal).' : 'Жооп берилгенде билдирүү аласыз; мыйзамда белгиленген тартипте сотко да кайрылсаңыз болот.'),
        ru: join(lead.ru, f.dueAt && `Срок ответа: до ${when(f.dueAt)}.`, f.audience === 'APPEAL_BODY' ? 'Ответьте на жалобу без промедления (answerAppeal).' : 'Когда орган ответит, вы получите уведомление; вы также вправе обратиться в суд в порядке, установленном законом.'),
      },
    };
  },
  APPEAL_DISMISSED: (f: AppealFacts): RenderedNotice => {
    const body = bodyOf(f.appealBodyName);
    const lead = appealLead(f, { ky: `${body.ky} тарабынан канааттандырылган жок`, ru: `оставлена без удовлетворения органом «${body.ru}»` });
    return {
      title: { ky: `№ ${f.number} өтүнмө боюнча даттанууга жооп берилди`, ru: `Ответ на жалобу по заявлению № ${f.number}` },
      body: {
        ky: join(lead.ky, `Чечим кабыл алынган күнү: ${when(f.at)}.`, answerOf(f.answer).ky, f.audience === 'APPLICANT' && 'Бул чечимге мыйзамда белгиленген тартипте сотко кайрылсаңыз болот.'),
        ru: join(lead.ru, `Дата решения: ${when(f.at)}.`, answerOf(f.answer).ru, f.audience === 'APPLICANT' && 'Это решение можно обжаловать в суд в порядке, установленном законом.'),
      },
    };
  },
};

export const TEMPLATES: { [T in NotificationType]: Template<T> } = {
  ...APPEAL_TEMPLATES,

  APPLICATION_REOPENED: ({ number: n, serviceTitle: s, reopenedAt, to, dueAt, answer }) => ({
    title: { ky: `№ ${n} өтүнмө кайра ачылды`, ru: `Заявление № ${n} возвращено поставщику` },
    body: {
      ky: join(
        `Даттануу канааттандырылгандыктан, «${s.ky}» кызматы боюнча № ${n} өтүнмөңүз кызмат көрсөтүүчүгө кайтарылды: ${to === 'SUBMITTED' ? 'аны кабыл алуу кайра каралат' : 'ал кайра каралат'}.`,
        `Кайтарылган күнү: ${when(reopenedAt)}.`,
        answerOf(answer).ky,
        dueAt && `Кызмат көрсөтүүнүн жаңы мөөнөтү: ${when(dueAt)}.`,
      ),
      ru: join(
        `Жалоба удовлетворена: заявление № ${n} по услуге «${s.ru}» возвращено поставщику ${to === 'SUBMITTED' ? 'на этап приёма' : 'на повторное рассмотрение'}.`,
        `Дата возврата: ${when(reopenedAt)}.`,
        answerOf(answer).ru,
        dueAt && `Новый срок: до ${when(dueAt)}.`,
      ),
    },
  }),

  APPLICATION_SUBMITTED: ({ number: n, serviceTitle: s, submittedAt, intakeDueAt }) => ({
    title: { ky: `№ ${n} өтүнмө алынды`, ru: `Заявление № ${n} получено` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз кызмат көрсөтүүчүгө жөнөтүлдү.`,
        `Берилген күнү: ${when(submittedAt)}.`,
        'Кызмат көрсөтүүчү өтүнмөнү каттайт же аны кабыл алуудан баш тартуунун себебин билдирет.',
        intakeDueAt ? `Жооптун акыркы мөөнөтү: ${when(intakeDueAt)}.` : 'Жооп бир жумуш күндүн ичинде берилет.',
      ),
      ru: join(
        `Ваше заявление № ${n} по услуге «${s.ru}» передано поставщику услуги.`,
        `Дата подачи: ${when(submittedAt)}.`,
        'Поставщик зарегистрирует заявление или сообщит мотивированный отказ в приёме.',
        intakeDueAt ? `Срок ответа: до ${when(intakeDueAt)}.` : 'Ответ поступит в течение одного рабочего дня.',
      ),
    },
  }),

  APPLICATION_ACCEPTED: ({ number: n, serviceTitle: s, registeredAt, dueAt, paymentRequired, dueAtIfPaidBy: ifPaid, visit }) => ({
    title: { ky: `№ ${n} өтүнмө катталды`, ru: `Заявление № ${n} зарегистрировано` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз катталды.`,
        `Катталган күнү: ${when(registeredAt)}.`,
        paymentRequired
          ? 'Бул кызмат акы төлөнүүчү: өтүнмөнү кароо төлөм ырасталгандан кийин башталат. Төлөнө турган сумманы жана эсептөөнүн уникалдуу идентификаторун (УИН) өзүнчө билдирүү аркылуу аласыз.'
          : 'Өтүнмө кароого кабыл алынды.',
        dueAt
          ? `Кызмат көрсөтүүнүн болжолдуу аяктоо мөөнөтү: ${when(dueAt)}.`
          : ifPaid
            ? `Төлөм ${when(ifPaid.paidBy)} чейин ырасталса, кызмат көрсөтүүнүн аяктоо мөөнөтү: ${when(ifPaid.dueAt)}. Төлөм күтүлгөн ар бир кийинки жумуш күнү бул мөөнөттү бир жумуш күнгө жылдырат: төлөм ырасталганга чейин мөөнөттүн эсеби токтотулат.`
            : paymentRequired && 'Кызмат көрсөтүүнүн мөөнөтү төлөм ырасталганга чейин токтотулат.',
        visit && `Кызмат көрсөтүү үчүн жеке келүү талап кылынат: ${asSentence(visit.place.ky)} Кабыл алуу убактысы: ${asSentence(visit.hours.ky)} Инсандыгыңызды күбөлөндүрүүчү документти ала келиңиз.`,
      ),
      ru: join(
        `Заявление № ${n} по услуге «${s.ru}» зарегистрировано.`,
        `Дата регистрации: ${when(registeredAt)}.`,
        paymentRequired
          ? 'Услуга платная: рассмотрение начнётся после подтверждения оплаты. Сумму к оплате и уникальный идентификатор начисления (УИН) вы получите отдельным уведомлением.'
          : 'Заявление принято к рассмотрению.',
        dueAt
          ? `Ожидаемый срок предоставления услуги: ${when(dueAt)}.`
          : ifPaid
            ? `Если оплата будет подтверждена до ${when(ifPaid.paidBy)}, срок окончания предоставления услуги: ${when(ifPaid.dueAt)}. Каждый следующий рабочий день ожидания оплаты переносит его на один рабочий день: до подтверждения оплаты течение срока приостановлено.`
            : paymentRequired && 'До подтверждения оплаты течение срока предоставления услуги приостановлено.',
        visit && `Для предоставления услуги требуется личная явка: ${asSentence(visit.place.ru)} Часы приёма: ${asSentence(visit.hours.ru)} Возьмите с собой документ, удостоверяющий личность.`,
      ),
    },
  }),

  APPLICATION_REJECTED: ({ number: n, serviceTitle: s, decidedAt, reason, appealProcedure }) => ({
    title: { ky: `№ ${n} өтүнмөнү кабыл алуудан баш тартылды`, ru: `Отказ в приёме заявления № ${n}` },
    body: {
      ky: join(
        `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүздү кабыл алуудан баш тартты.`,
        `Чечим кабыл алынган күнү: ${when(decidedAt)}.`,
        reasonOf(reason).ky,
        'Маалыматтарды оңдоп, өтүнмөнү кайра бере аласыз.',
        appealOf(appealProcedure).ky,
      ),
      ru: join(
        `Поставщик услуги отказал в приёме заявления № ${n} по услуге «${s.ru}».`,
        `Дата решения: ${when(decidedAt)}.`,
        reasonOf(reason).ru,
        'Вы можете исправить данные и подать заявление заново.',
        appealOf(appealProcedure).ru,
      ),
    },
  }),

  PAYMENT_REQUIRED: ({ number: n, serviceTitle: s, amountMinor, uin }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча кызматтын акысын төлөңүз`, ru: `Оплатите услугу по заявлению № ${n}` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз каралышы үчүн ${formatSom(amountMinor)} төлөңүз.`,
        `Эсептөөнүн уникалдуу идентификатору (УИН): ${uin}.`,
        'Жеке кабинеттеги өтүнмөнүн барагынан же Электрондук төлөмдөрдүн мамлекеттик системасына туташкан онлайн-кызмат аркылуу УИНди көрсөтүп төлөй аласыз.',
        'Өтүнмөнү кароо төлөм ырасталгандан кийин башталат.',
      ),
      ru: join(
        `Для рассмотрения заявления № ${n} по услуге «${s.ru}» оплатите ${formatSom(amountMinor)}.`,
        `Уникальный идентификатор начисления (УИН): ${uin}.`,
        'Оплатить можно в личном кабинете на странице заявления или через онлайн-сервис, подключённый к Государственной системе электронных платежей, указав УИН.',
        'Рассмотрение начнётся после подтверждения оплаты.',
      ),
    },
  }),

  PAYMENT_CONFIRMED: ({ number: n, serviceTitle: s, amountMinor, receiptNumber, paidAt }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча төлөм ырасталды`, ru: `Оплата по заявлению № ${n} подтверждена` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз үчүн ${formatSom(amountMinor)} төлөм ырасталды.`,
        `Төлөнгөн күнү: ${when(paidAt)}.`,
        `Квитанциянын номери: ${receiptNumber}; квитанция жеке кабинетте сакталат.`,
        'Өтүнмө кароого берилет, кызмат көрсөтүүнүн мөөнөтү өзүнчө билдирилет.',
      ),
      ru: join(
        `Оплата ${formatSom(amountMinor)} по заявлению № ${n} (услуга «${s.ru}») подтверждена.`,
        `Дата оплаты: ${when(paidAt)}.`,
        `Номер квитанции: ${receiptNumber}; квитанция хранится в личном кабинете.`,
        'Заявление передаётся на рассмотрение, о сроке предоставления услуги сообщим отдельно.',
      ),
    },
  }),

  APPLICATION_REVIEW_STARTED: ({ number: n, serviceTitle: s, startedAt, dueAt }) => ({
    title: { ky: `№ ${n} өтүнмө каралууда`, ru: `Заявление № ${n} на рассмотрении` },
    body: {
      ky: join(
        `Төлөм алынды: «${s.ky}» кызматы боюнча № ${n} өтүнмөңүз кароого кабыл алынды.`,
        `Кароо башталган күнү: ${when(startedAt)}.`,
        `Кызмат көрсөтүүнүн болжолдуу аяктоо мөөнөтү: ${when(dueAt)}.`,
      ),
      ru: join(
        `Оплата получена: заявление № ${n} по услуге «${s.ru}» принято к рассмотрению.`,
        `Дата начала рассмотрения: ${when(startedAt)}.`,
        `Ожидаемый срок предоставления услуги: ${when(dueAt)}.`,
      ),
    },
  }),

  APPLICATION_APPROVED: ({ number: n, serviceTitle: s, decidedAt, resultDocumentNumber: doc, collection, asRecord }) => ({
    title: { ky: `№ ${n} өтүнмөнүн жыйынтыгы даяр`, ru: `Результат по заявлению № ${n} готов` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө оң чечим кабыл алынды.`,
        `Чечим кабыл алынган күнү: ${when(decidedAt)}.`,
        collection
          ? `Жыйынтыгын${doc ? ` (№ ${doc})` : ''} жеке өзүңүз аласыз: ${asSentence(collection.place.ky)} Кабыл алуу убактысы: ${asSentence(collection.hours.ky)} Инсандыгыңызды күбөлөндүрүүчү документти ала келиңиз.`
          : asRecord
            ? `Жыйынтыгы сиз тандагандай кызмат көрсөтүүчүнүн маалыматтык системасына${doc ? ` № ${doc}` : ''} жазуу катары киргизилди: мамлекеттик органдар аны «Түндүк» ведомстволор аралык өз ара аракеттенүү системасы аркылуу алышат, маалымкат талап кылынбайт. Жазуунун көчүрмөсү жеке кабинеттеги өтүнмөнүн барагында.`
            : doc
              ? `Жыйынтыгы — кызмат көрсөтүүчү кол койгон № ${doc} электрондук документ. Аны жеке кабинеттеги өтүнмөнүн барагынан жүктөп алыңыз. Документ юридикалык күчкө ээ; анын аныктыгын ар бир адам порталда документтин номери боюнча текшере алат.`
              : 'Жыйынтыгы жеке кабинеттеги өтүнмөнүн барагында жеткиликтүү.',
      ),
      ru: join(
        `По заявлению № ${n} (услуга «${s.ru}») принято положительное решение.`,
        `Дата решения: ${when(decidedAt)}.`,
        collection
          ? `Результат${doc ? ` (№ ${doc})` : ''} выдаётся лично: ${asSentence(collection.place.ru)} Часы приёма: ${asSentence(collection.hours.ru)} Возьмите с собой документ, удостоверяющий личность.`
          : asRecord
            ? `Результат, как вы выбрали, внесён в информационную систему поставщика услуги в виде записи${doc ? ` № ${doc}` : ''}: государственные органы получают его через систему межведомственного взаимодействия «Түндүк», справка не требуется. Копия записи — в личном кабинете на странице заявления.`
            : doc
              ? `Результат — электронный документ № ${doc}, подписанный поставщиком услуги. Скачайте его в личном кабинете на странице заявления. Документ имеет юридическую силу; его подлинность любой может проверить на портале по номеру документа.`
              : 'Результат доступен в личном кабинете на странице заявления.',
      ),
    },
  }),

  APPLICATION_REFUSED: ({ number: n, serviceTitle: s, decidedAt, reason, appealProcedure }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча кызмат көрсөтүүдөн баш тартылды`, ru: `Отказ в предоставлении услуги по заявлению № ${n}` },
    body: {
      ky: join(
        `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө кызмат көрсөтүүдөн баш тартуу жөнүндө чечим кабыл алды.`,
        `Чечим кабыл алынган күнү: ${when(decidedAt)}.`,
        reasonOf(reason).ky,
        appealOf(appealProcedure).ky,
      ),
      ru: join(
        `По заявлению № ${n} (услуга «${s.ru}») поставщик услуги принял решение об отказе в предоставлении услуги.`,
        `Дата решения: ${when(decidedAt)}.`,
        reasonOf(reason).ru,
        appealOf(appealProcedure).ru,
      ),
    },
  }),

  APPLICATION_WITHDRAWN: ({ number: n, serviceTitle: s, withdrawnAt }) => ({
    title: { ky: `№ ${n} өтүнмө кайтарылып алынды`, ru: `Заявление № ${n} отозвано` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүздү кайтарып алдыңыз.`,
        `Кайтарылып алынган күнү: ${when(withdrawnAt)}.`,
        'Өтүнмөнү кароо токтотулду. Зарыл болсо, жаңы өтүнмө бере аласыз.',
      ),
      ru: join(
        `Вы отозвали заявление № ${n} по услуге «${s.ru}».`,
        `Дата отзыва: ${when(withdrawnAt)}.`,
        'Рассмотрение заявления прекращено. При необходимости вы можете подать новое заявление.',
      ),
    },
  }),

  APPLICATION_OVERDUE: ({ number: n, serviceTitle: s, deadline, dueAt }) => {
    const missed = {
      INTAKE: {
        ky: join(
          `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө белгиленген мөөнөттө жооп берген жок: бир жумуш күндүн ичинде ал өтүнмөнү каттоого же аны кабыл алуудан баш тартуунун себебин билдирүүгө тийиш болчу.`,
          dueAt && `Жооптун акыркы мөөнөтү: ${when(dueAt)}.`,
          'Кызмат көрсөтүүчү жооп бергенде, билдирүү аласыз.',
        ),
        ru: join(
          `Поставщик услуги не ответил в срок на ваше заявление № ${n} по услуге «${s.ru}»: в течение одного рабочего дня он должен был зарегистрировать заявление или сообщить мотивированный отказ в приёме.`,
          dueAt && `Срок ответа: до ${when(dueAt)}.`,
          'Когда поставщик ответит, вы получите уведомление.',
        ),
      },
      DECISION: {
        ky: join(
          `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө белгиленген мөөнөттө чечим кабыл алган жок.`,
          dueAt && `Чечим кабыл алуунун акыркы мөөнөтү: ${when(dueAt)}.`,
          'Чечим кабыл алынганда, билдирүү аласыз.',
        ),
        ru: join(
          `Поставщик услуги не принял в срок решение по вашему заявлению № ${n} (услуга «${s.ru}»).`,
          dueAt && `Срок принятия решения: до ${when(dueAt)}.`,
          'Когда решение будет принято, вы получите уведомление.',
        ),
      },
    }[deadline];
    return {
      title: { ky: `№ ${n} өтүнмө боюнча мөөнөт өтүп кетти`, ru: `Срок по заявлению № ${n} истёк` },
      body: {
        ky: join(missed.ky, 'Портал өтүнмөнү кызмат көрсөтүүчүнүн кезегинде мөөнөтү өткөн деп белгиледи.', INACTION_COMPLAINT.ky),
        ru: join(missed.ru, 'Портал отметил заявление как просроченное в очереди поставщика услуги.', INACTION_COMPLAINT.ru),
      },
    };
  },

  DRAFT_EXPIRING: ({ serviceTitle: s, lastChangedAt, removalAt }) => ({
    title: { ky: `«${s.ky}» кызматы боюнча өтүнмөнүн долбоору өчүрүлөт`, ru: `Черновик заявления по услуге «${s.ru}» будет удалён` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча өтүнмөңүздүн долбоору ${when(lastChangedAt)} бери өзгөртүлгөн жок.`,
        `Долбоорлор акыркы өзгөртүүдөн кийин үч ай сакталат: ал ${when(removalAt)} өчүрүлөт.`,
        'Аны сактап калуу үчүн жеке кабинетте долбоорду ачып, өзгөртүп сактаңыз же өтүнмөнү бериңиз.',
      ),
      ru: join(
        `Черновик вашего заявления по услуге «${s.ru}» не изменялся с ${when(lastChangedAt)}.`,
        `Черновики хранятся три месяца после последнего изменения: он будет удалён ${when(removalAt)}.`,
        'Чтобы сохранить его, откройте черновик в личном кабинете и сохраните изменения или подайте заявление.',
      ),
    },
  }),

  PAYMENT_REFUNDED: ({ number: n, serviceTitle: s, amountMinor, uin, receiptNumber, refundedAt, reason }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча төлөм кайтарылды`, ru: `Оплата по заявлению № ${n} возвращена` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз үчүн төлөнгөн ${formatSom(amountMinor)} сизге кайтарылды.`,
        asSentence(reason.ky),
        `Эсептөөнүн уникалдуу идентификатору: ${uin}.`,
        `Кайтарылган күнү: ${when(refundedAt)}.`,
        `Кайтаруу квитанциясынын номери: ${receiptNumber}; квитанция жеке кабинетте сакталат.`,
      ),
      ru: join(
        `Оплата ${formatSom(amountMinor)} по заявлению № ${n} (услуга «${s.ru}») возвращена вам.`,
        asSentence(reason.ru),
        `Уникальный идентификатор начисления: ${uin}.`,
        `Дата возврата: ${when(refundedAt)}.`,
        `Номер квитанции о возврате: ${receiptNumber}; квитанция хранится в личном кабинете.`,
      ),
    },
  }),
};

/** The title and body of a notice in both languages. */
export function renderNotice(notice: Notice): RenderedNotice {
  const template = TEMPLATES[notice.type] as Template<typeof notice.type>;
  return template(notice.facts as never);
}
