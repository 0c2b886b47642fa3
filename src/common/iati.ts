/**
 * IATI's form of an organisation identifier: the prefix of the agency that registered the
 * organisation (a country code, then the agency, e.g. GB-COH, XM-DAC), a hyphen, then the number it
 * has there; no spaces, slashes or other characters that break a URL.
 */
export const IATI_ORGANISATION_IDENTIFIER = /^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._:-]+$/;
