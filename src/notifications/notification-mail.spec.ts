import { UnLanguage } from '../common/enums.js';
import { NOTIFICATION_KINDS } from '../common/notification-kinds.js';
import { allCatalogues } from '../common/i18n.js';
import { notificationMail } from './notification-mail.js';

const SCRIPT: Readonly<Record<UnLanguage, RegExp>> = {
  [UnLanguage.AR]: /\p{Script=Arabic}/u,
  [UnLanguage.ZH]: /\p{Script=Han}/u,
  [UnLanguage.RU]: /\p{Script=Cyrillic}/u,
  [UnLanguage.EN]: /\p{Script=Latin}/u,
  [UnLanguage.FR]: /\p{Script=Latin}/u,
  [UnLanguage.ES]: /\p{Script=Latin}/u,
};
const recipient = { id: 'u1', email: 'focal@example.org', displayName: 'Amina' };
const about = { reference: 'REQ-2026-7KQ9XM', title: 'Grid <control> centre' };

describe('notification e-mails in the six languages', () => {
  // The weekly digest is a mail of its own, not a notification's.
  const kinds = Object.keys(NOTIFICATION_KINDS).filter((kind) => kind !== 'WEEKLY_DIGEST');

  it('have a sentence and a next step for every kind of notification', () => {
    const english = allCatalogues().get(UnLanguage.EN) ?? {};
    for (const kind of kinds) {
      expect([kind, `Mail.event.${kind}` in english, `Mail.next.${kind}` in english]).toEqual([
        kind,
        true,
        true,
      ]);
    }
  });

  it('render every kind in each language, in its script and direction, with nothing left in English', () => {
    const params = {
      status: 'UNDER_REVIEW',
      days: '10',
      since: '2026-11-01',
      expiresOn: '2026-12-01',
      until: '2026-11-30',
    };
    for (const kind of kinds) {
      const english = notificationMail(recipient, { kind, message: 'stored', params }, about, UnLanguage.EN);
      for (const language of Object.values(UnLanguage)) {
        const mail = notificationMail(recipient, { kind, message: 'stored', params }, about, language);
        const sentence = mail.subject.replace(`[${about.reference}] `, '');
        expect([kind, language, SCRIPT[language].test(sentence)]).toEqual([kind, language, true]);
        expect(mail.subject).toContain(about.reference);
        expect(mail.text).not.toMatch(/\{\w+\}|Mail\.|stored/);
        expect(mail.html).toContain(
          `<html lang="${language.toLowerCase()}" dir="${language === UnLanguage.AR ? 'rtl' : 'ltr'}">`,
        );
        // What users wrote is escaped, whatever the language.
        expect(mail.html).toContain('Grid &lt;control&gt; centre');
        if (language !== UnLanguage.EN) {
          expect(mail.subject).not.toBe(english.subject);
          expect(mail.text).not.toContain('What to do next');
        }
      }
    }
    const french = notificationMail(
      recipient,
      { kind: 'REQUEST_STATUS_CHANGED', message: '', params },
      about,
      UnLanguage.FR,
    );
    expect(french.subject).toBe("[REQ-2026-7KQ9XM] REQ-2026-7KQ9XM est désormais : En cours d'examen");
    expect(french.text).toMatch(/^Bonjour Amina,\n/);
  });
});
