import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UnLanguage } from './enums.js';
import { projectRoot } from './project-root.js';
import { byQuality } from './quality-list.js';

/**
 * The service's words in the six UN languages: one catalogue per language in `locales/<code>.json`
 * (a key per vocabulary term, e.g. `InfrastructureSector.ENERGY`), loaded once. A test checks that
 * every key is in every catalogue and every term of every vocabulary has a key.
 */
export type Catalogue = Readonly<Record<string, string>>;

let catalogues: ReadonlyMap<UnLanguage, Catalogue> | undefined;

/** The catalogue of each language. */
export function allCatalogues(): ReadonlyMap<UnLanguage, Catalogue> {
  catalogues ??= new Map(
    Object.values(UnLanguage).map((language) => [
      language,
      JSON.parse(
        readFileSync(path.join(projectRoot(), 'locales', `${language.toLowerCase()}.json`), 'utf8'),
      ) as Catalogue,
    ]),
  );
  return catalogues;
}

/**
 * The label of `key` in `language`, its `{name}` placeholders filled from `values` (a placeholder
 * without a value stays as written); the key itself if no catalogue has it (a test keeps them whole).
 */
export function translate(
  key: string,
  language: UnLanguage,
  values: Readonly<Record<string, string>> = {},
): string {
  const all = allCatalogues();
  const text = all.get(language)?.[key] ?? all.get(UnLanguage.EN)?.[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Languages written right to left. */
export function isRightToLeft(language: UnLanguage): boolean {
  return language === UnLanguage.AR;
}

/**
 * The language of an Accept-Language header: the first of the six UN languages it names, by quality
 * (`fr-CA;q=0.9, ar;q=0.8` is French); undefined when it names none.
 */
export function languageOfHeader(header: string | undefined): UnLanguage | undefined {
  for (const tag of byQuality(header)) {
    const primary = tag.split('-')[0]?.toUpperCase();
    if (primary && (Object.values(UnLanguage) as string[]).includes(primary)) return primary as UnLanguage;
  }
  return undefined;
}
