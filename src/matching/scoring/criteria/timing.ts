import { type Criterion, days, scalarBounds } from '../criterion.js';

/** The share of the desired window the availability covers; 1 when a window is incomplete. */
export const timing: Criterion = {
  criterion: 'timing',
  weight: 0.1,
  value(r, o) {
    if (!r.desiredStart || !r.desiredEnd || !o.availableFrom || !o.availableUntil) {
      return { value: 1, explain: () => 'At least one side states no complete time window.' };
    }
    const value = share(
      days(r.desiredStart),
      days(r.desiredEnd),
      days(o.availableFrom),
      days(o.availableUntil),
    );
    return {
      value,
      explain: () => `The offer is available for ${Math.round(value * 100)}% of the desired period.`,
    };
  },
  prepare(round) {
    const window = (from: string | null, until: string | null) =>
      from && until ? [days(from), days(until)] : null;
    const wanted = round.requests.map((r) => window(r.desiredStart, r.desiredEnd));
    const available = round.offers.map((o) => window(o.availableFrom, o.availableUntil));
    return (r, o) => {
      const want = wanted[r];
      const have = available[o];
      return want && have ? share(want[0]!, want[1]!, have[0]!, have[1]!) : 1;
    };
  },
  ...scalarBounds(
    term,
    {
      of: (r) => [r.desiredStart, r.desiredEnd],
      types: ['date', 'date'],
      columns: ['r.desired_start', 'r.desired_end'],
    },
    {
      of: (o) => [o.availableFrom, o.availableUntil],
      types: ['date', 'date'],
      columns: ['o.available_from', 'o.available_until'],
    },
  ),
};

function share(start: number, end: number, from: number, until: number): number {
  const covered = Math.max(0, Math.min(end, until) - Math.max(start, from) + 1);
  return Math.min(1, covered / (end - start + 1));
}

function term([start, end]: readonly [string, string], [from, until]: readonly [string, string]): string {
  return `CASE WHEN ${start} IS NULL OR ${end} IS NULL OR ${from} IS NULL OR ${until} IS NULL THEN 1
    ELSE LEAST(1, GREATEST(0, LEAST(${end}, ${until}) - GREATEST(${start}, ${from}) + 1)::float8 / (${end} - ${start} + 1)) END`;
}
