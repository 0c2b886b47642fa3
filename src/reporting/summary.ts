/** The plain, JSON-serializable form of an implementation summary: what a frozen report stores. */
export interface CountByKeyData {
  key: string;
  count: number;
}

export interface SummaryData {
  period: { from: string; to: string };
  requestsReceived: number;
  offersPublished: number;
  matchesProposed: number;
  matchesAgreed: number;
  matchesDelivered: number;
  matchRate: number;
  medianDaysToMatch: number | null;
  requestsByStatus: CountByKeyData[];
  requestsBySector: CountByKeyData[];
  requestsByRegion: CountByKeyData[];
  matchesByParagraph: CountByKeyData[];
  unmetNeeds: { sector: string; region: string; openRequests: number }[];
  providerContributions: {
    organizationId: string;
    organizationName: string;
    agreedMatches: number;
    deliveredMatches: number;
  }[];
  goodPractices: { matchReference: string; sector: string; practice: string }[];
}
