import { UnLanguage } from '../common/enums.js';
import { isRightToLeft, translate } from '../common/i18n.js';
import { escapeHtml } from '../mail/html.js';
import type { Mail } from '../mail/mail.service.js';

/** What a notification is about, as its e-mail names it (its recipients may all see it). */
export interface NotificationAbout {
  reference: string;
  title?: string | null;
}

/** Values a notification's sentence names, beside its subject's reference (e.g. a status, a date). */
export type NotificationParams = Readonly<Record<string, string>>;

/** Parameters that are terms of a vocabulary, labelled in the recipient's language. */
const TERM_PARAMS: Readonly<Record<string, string>> = { status: 'RequestStatus' };

/**
 * The e-mail of one notification, in plain text and HTML, in the recipient's language: the event's
 * sentence (`Mail.event.<kind>`), the item's reference and title, and what to do next
 * (`Mail.next.<kind>`), from the catalogues; right to left for Arabic. A kind without a sentence in
 * the catalogues (a test keeps every kind covered) falls back to the stored English message.
 */
export function notificationMail(
  recipient: { id: string; email: string; displayName: string },
  notification: { kind: string; message: string; params?: NotificationParams },
  about: NotificationAbout | undefined,
  language: UnLanguage = UnLanguage.EN,
): Mail {
  const values: Record<string, string> = { reference: about?.reference ?? '' };
  for (const [name, value] of Object.entries(notification.params ?? {})) {
    const vocabulary = TERM_PARAMS[name];
    values[name] = vocabulary ? translate(`${vocabulary}.${value}`, language) : value;
  }
  const phrase = (key: string) => {
    const text = translate(key, language, values);
    return text === key ? undefined : text;
  };
  const sentence = phrase(`Mail.event.${notification.kind}`) ?? notification.message;
  const next = phrase(`Mail.next.${notification.kind}`);
  const lines: [string, string][] = [];
  if (about) lines.push([phrase('Mail.reference') ?? 'Reference', about.reference]);
  if (about?.title) lines.push([phrase('Mail.title') ?? 'Title', about.title]);
  const nextLabel = phrase('Mail.next') ?? 'What to do next';
  const { text, html } = letter(
    recipient,
    phrase('Mail.footer') ?? '',
    [
      sentence,
      '',
      ...lines.map(([label, value]) => `${label}: ${value}`),
      ...(next ? ['', `${nextLabel}: ${next}`] : []),
    ],
    [
      `<p>${escapeHtml(sentence)}</p>`,
      lines.length
        ? `<table>${lines.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`
        : '',
      next ? `<p><strong>${escapeHtml(nextLabel)}:</strong> ${escapeHtml(next)}</p>` : '',
    ],
    language,
  );
  return {
    userId: recipient.id,
    to: recipient.email,
    kind: notification.kind,
    subject: about ? `[${about.reference}] ${sentence}` : sentence,
    text,
    html,
  };
}

/** The daily digest of one user: each notification on a line, oldest first. */
export function digestMail(
  recipient: { id: string; email: string; displayName: string },
  notifications: readonly { message: string; createdAt: Date }[],
): Mail {
  const count = notifications.length === 1 ? '1 notification' : `${notifications.length} notifications`;
  const line = (n: { message: string; createdAt: Date }) =>
    `${n.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC  ${n.message}`;
  const { text, html } = letter(
    recipient,
    'These kinds of notification come in a daily digest by your notification settings; change them with updateMe(input: { notificationPreferences }).',
    [`Since your last digest: ${count}.`, '', ...notifications.map(line)],
    [
      `<p>Since your last digest: ${count}.</p>`,
      `<ul>${notifications.map((n) => `<li>${escapeHtml(line(n))}</li>`).join('')}</ul>`,
    ],
  );
  return {
    userId: recipient.id,
    to: recipient.email,
    kind: 'DIGEST',
    subject: `Your daily digest: ${count}`,
    text,
    html,
  };
}

/** A part of the coordinators' weekly digest: its heading, its lines, and what it says when empty. */
export interface DigestSection {
  heading: string;
  lines: readonly string[];
  empty: string;
}

/** The coordinators' weekly digest: what is new, what waits for an answer, what waits for a match. */
export function weeklyDigestMail(
  recipient: { id: string; email: string; displayName: string },
  week: string,
  sections: readonly DigestSection[],
): Mail {
  const { text, html } = letter(
    recipient,
    'Coordinators receive this digest every week; turn it off with updateMe(input: { notificationPreferences: { WEEKLY_DIGEST: OFF } }).',
    sections.flatMap((section) => [
      `${section.heading} (${section.lines.length})`,
      ...(section.lines.length ? section.lines.map((line) => `  - ${line}`) : [`  ${section.empty}`]),
      '',
    ]),
    sections.map(
      (section) =>
        `<h3>${escapeHtml(section.heading)} (${section.lines.length})</h3>` +
        (section.lines.length
          ? `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
          : `<p>${escapeHtml(section.empty)}</p>`),
    ),
  );
  return {
    userId: recipient.id,
    to: recipient.email,
    kind: 'WEEKLY_DIGEST',
    subject: `Your weekly digest: the week to ${week}`,
    text,
    html,
  };
}

/**
 * A mail's two bodies: the greeting, what it says (as text lines and as HTML), and the footer, in
 * `language` (the HTML declares it, and its direction: right to left for Arabic).
 */
function letter(
  recipient: { displayName: string },
  footer: string,
  textLines: readonly string[],
  htmlParts: readonly string[],
  language: UnLanguage = UnLanguage.EN,
): { text: string; html: string } {
  const greeting = translate('Mail.greeting', language, { name: recipient.displayName });
  const text = [greeting, '', ...textLines, '', '-- ', footer, ''].join('\n');
  const direction = isRightToLeft(language) ? 'rtl' : 'ltr';
  const html = [
    `<!doctype html><html lang="${language.toLowerCase()}" dir="${direction}"><body>`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...htmlParts,
    `<hr><p><small>${escapeHtml(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
