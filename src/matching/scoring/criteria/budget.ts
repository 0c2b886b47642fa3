import { type Criterion, scalarCriterion } from '../criterion.js';

interface Budget {
  amount: number;
  currency: string;
}

/** The share of the request's estimate the offer's budget covers; 0.5 in other currencies. */
function fit(asked: Budget, offered: Budget): number {
  if (asked.currency !== offered.currency) return 0.5;
  return asked.amount === 0 || offered.amount >= asked.amount ? 1 : offered.amount / asked.amount;
}

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
    const value = fit(
      { amount: Number(r.budgetAmount), currency: r.budgetCurrency },
      { amount: Number(o.budgetAmount), currency: o.budgetCurrency },
    );
    if (value === 1) {
      return {
        value,
        explain: () => `The offer's budget covers the estimated ${r.budgetCurrency} ${r.budgetAmount}.`,
      };
    }
    return { value, explain: () => `The offer's budget covers ${Math.round(value * 100)}% of the estimate.` };
  },
  ...scalarCriterion(
    {
      request: ['budgetAmount', 'budgetCurrency'],
      offer: ['budgetAmount', 'budgetCurrency'],
      types: ['numeric', 'text'],
    },
    {
      parse: (amount, currency) => (amount && currency ? { amount: Number(amount), currency } : null),
      fit,
      missing: 0.5,
      term,
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
