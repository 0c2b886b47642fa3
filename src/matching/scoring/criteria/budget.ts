import { type Criterion, scalarBounds } from '../criterion.js';

/** Budget fit in one currency: 0.5 when unknown or in other currencies; else the share covered. */
export const budget: Criterion = {
  criterion: 'budget',
  weight: 0.05,
  value(r, o) {
    if (!r.budgetAmount || !o.budgetAmount || !r.budgetCurrency || !o.budgetCurrency) {
      return { value: 0.5, explain: () => 'A budget is missing on one side, so fit is unknown.' };
    }
    if (r.budgetCurrency !== o.budgetCurrency) {
      return {
        value: 0.5,
        explain: () => `Budgets are in different currencies (${r.budgetCurrency}, ${o.budgetCurrency}).`,
      };
    }
    const asked = Number(r.budgetAmount);
    const offered = Number(o.budgetAmount);
    if (asked === 0 || offered >= asked) {
      return {
        value: 1,
        explain: () => `The offer's budget covers the estimated ${r.budgetCurrency} ${r.budgetAmount}.`,
      };
    }
    const value = offered / asked;
    return { value, explain: () => `The offer's budget covers ${Math.round(value * 100)}% of the estimate.` };
  },
  prepare(round) {
    const amount = (value: string | null, currency: string | null) =>
      value && currency ? { amount: Number(value), currency } : null;
    const asks = round.requests.map((r) => amount(r.budgetAmount, r.budgetCurrency));
    const bids = round.offers.map((o) => amount(o.budgetAmount, o.budgetCurrency));
    return (r, o) => {
      const ask = asks[r];
      const bid = bids[o];
      if (!ask || !bid || ask.currency !== bid.currency) return 0.5;
      return ask.amount === 0 || bid.amount >= ask.amount ? 1 : bid.amount / ask.amount;
    };
  },
  ...scalarBounds(
    term,
    {
      of: (r) => [r.budgetAmount, r.budgetCurrency],
      types: ['numeric', 'text'],
      columns: ['r.budget_amount', 'r.budget_currency::text'],
    },
    {
      of: (o) => [o.budgetAmount, o.budgetCurrency],
      types: ['numeric', 'text'],
      columns: ['o.budget_amount', 'o.budget_currency::text'],
    },
  ),
};

function term(
  [asked, askedCurrency]: readonly [string, string],
  [offered, offeredCurrency]: readonly [string, string],
): string {
  return `CASE WHEN ${asked} IS NULL OR ${offered} IS NULL OR ${askedCurrency} IS NULL OR ${offeredCurrency} IS NULL THEN 0.5
    WHEN ${askedCurrency} <> ${offeredCurrency} THEN 0.5
    WHEN ${asked} = 0 OR ${offered} >= ${asked} THEN 1 ELSE ${offered} / ${asked} END`;
}
