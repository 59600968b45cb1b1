import {
  classifySubmitStatus,
  composeSms,
  decodeUcs2Part,
  describeBindFailure,
  destinationOf,
  parseDeliveryReceipt,
  parseSmppUrl,
  rebindDelayMs,
  segmentUcs2,
  SMPP_STATUS,
} from './sms.rules';

describe('SMS rules', () => {
  it('writes the SMS in the recipient language with the application number', () => {
    expect(composeSms({ language: 'RU', title: 'Заявление № 2026-000123 получено', applicationNumber: '2026-000123' })).toBe(
      'Госпортал: Заявление № 2026-000123 получено. Подробнее в личном кабинете.',
    );
    expect(composeSms({ language: 'KY', title: '№ 2026-000123 өтүнмө алынды', applicationNumber: '2026-000123' })).toBe('Госпортал: № 2026-000123 өтүнмө алынды. Толугу жеке кабинетте.');
    expect(composeSms({ language: 'RU', title: 'Пароль изменён', applicationNumber: null })).toBe('Госпортал: Пароль изменён. Подробнее в личном кабинете.');
  });

  it('keeps a text of up to 70 characters in one UCS-2 part without UDH', () => {
    const text = 'Ж'.repeat(70);
    const [part, ...rest] = segmentUcs2(text, 7);
    expect(rest).toHaveLength(0);
    expect(part).toHaveLength(140);
    expect(part.subarray(0, 2)).toEqual(Buffer.from([0x04, 0x16]));
    expect(decodeUcs2Part(part, false)).toEqual({ text, reference: null, total: 1, sequence: 1 });
  });

  it('splits a longer text into parts of 67 characters behind a concatenation UDH', () => {
    const text = 'Өтүнмө '.repeat(20); // 140 characters
    const parts = segmentUcs2(text, 0x2a);
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => {
      expect(part.subarray(0, 6)).toEqual(Buffer.from([0x05, 0x00, 0x03, 0x2a, 3, i + 1]));
      expect(part.length).toBeLessThanOrEqual(140);
    });
    expect(parts.map((p) => decodeUcs2Part(p, true).text).join('')).toBe(text);
    expect(decodeUcs2Part(parts[2], true)).toMatchObject({ reference: 0x2a, total: 3, sequence: 3 });
  });

  it('never splits a surrogate pair between parts', () => {
    const text = 'а'.repeat(66) + '😀' + 'б'.repeat(10);
    const parts = segmentUcs2(text, 1);
    expect(decodeUcs2Part(parts[0], true).text).toBe('а'.repeat(66));
    expect(parts.map((p) => decodeUcs2Part(p, true).text).join('')).toBe(text);
  });

  it('classifies refused submits: wrong number permanent, throttling and a full queue transient', () => {
    expect(classifySubmitStatus(SMPP_STATUS.ESME_RINVDSTADR)).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('ESME_RINVDSTADR') });
    expect(classifySubmitStatus(SMPP_STATUS.ESME_RTHROTTLED)).toMatchObject({ kind: 'transient', retryAfterMs: expect.any(Number) });
    expect(classifySubmitStatus(SMPP_STATUS.ESME_RMSGQFUL)).toMatchObject({ kind: 'transient', reason: expect.stringContaining('ESME_RMSGQFUL') });
    expect(classifySubmitStatus(SMPP_STATUS.ESME_RSYSERR).kind).toBe('transient');
    expect(classifySubmitStatus(0x4ff).reason).toContain('0x000004ff');
    expect(describeBindFailure(SMPP_STATUS.ESME_RINVPASWD)).toContain('fix the system_id and password in SMPP_URL');
  });

  it('reads delivery receipts from TLVs or the receipt text, and ignores other deliver_sm', () => {
    expect(parseDeliveryReceipt({ esm_class: 0x04, text: 'id:abc123 sub:001 dlvr:001 submit date:2612011000 done date:2612011001 stat:DELIVRD err:000 text:' })).toEqual({
      messageId: 'abc123',
      delivered: true,
      state: 'DELIVRD',
      error: '000',
      final: true,
    });
    expect(parseDeliveryReceipt({ esm_class: 0x04, receipted_message_id: 'x9', message_state: 5, text: '' })).toMatchObject({ messageId: 'x9', delivered: false, state: 'UNDELIV', final: true });
    expect(parseDeliveryReceipt({ esm_class: 0x04, text: 'id:1 stat:ENROUTE err:000' })).toMatchObject({ final: false });
    expect(parseDeliveryReceipt({ esm_class: 0x00, text: 'id:1 stat:DELIVRD' })).toBeNull();
  });

  it('parses SMPP_URL and phone numbers, and backs off re-binding', () => {
    expect(parseSmppUrl('smpp://portal:p%40ss@smsc.example:2776')).toEqual({ host: 'smsc.example', port: 2776, systemId: 'portal', password: 'p@ss', tls: false });
    expect(parseSmppUrl('ssmpp://a:b@h').port).toBe(3550);
    expect(() => parseSmppUrl('http://a:b@h')).toThrow('smpp://');
    expect(destinationOf('+996 (555) 123-456')).toBe('996555123456');
    expect(destinationOf('call me')).toBeNull();
    expect([1, 2, 3, 10].map((n) => rebindDelayMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
