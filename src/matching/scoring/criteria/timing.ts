import { type Criterion, days, scalarCriterion } from '../criterion.js';

/** A complete window as day numbers. */
type Window = readonly [number, number];

/** The share of the desired window the availability covers; 1 when a window is incomplete. */
export const timing: Criterion = {
  criterion: 'timing',
  weight: 0.1,
  value(r, o) {
    const wanted = window(r.desiredStart, r.desiredEnd);
    const available = window(o.availableFrom, o.availableUntil);
    if (!wanted || !available) {
      return { value: 1, explain: () => 'At least one side states no complete time window.' };
    }
    const value = share(wanted, available);
    return {
      value,
      explain: () => `The offer is available for ${Math.round(value * 100)}% of the desired period.`,
    };
  },
  ...scalarCriterion(
    {
      request: ['desiredStart', 'desiredEnd'],
      offer: ['availableFrom', 'availableUntil'],
      types: ['date', 'date'],
    },
    { parse: window, fit: share, missing: 1, term },
  ),
};

function window(from: string | null, until: string | null): Window | null {
  return from && until ? [days(from), days(until)] : null;
}

function share([start, end]: Window, [from, until]: Window): number {
  const covered = Math.max(0, Math.min(end, until) - Math.max(start, from) + 1);
  return Math.min(1, covered / (end - start + 1));
}

function term([start, end]: readonly [string, string], [from, until]: readonly [string, string]): string {
  return `CASE WHEN ${start} IS NULL OR ${end} IS NULL OR ${from} IS NULL OR ${until} IS NULL THEN 1
    ELSE LEAST(1, GREATEST(0, LEAST(${end}, ${until}) - GREATEST(${start}, ${from}) + 1)::float8 / (${end} - ${start} + 1)) END`;
}
