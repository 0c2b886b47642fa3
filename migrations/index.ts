import { Foundation1795802686692 } from './1795802686692-Foundation.js';
import { NeedsAndOffers1795803624022 } from './1795803624022-NeedsAndOffers.js';
import { Matches1795804883274 } from './1795804883274-Matches.js';
import { Reports1795806041175 } from './1795806041175-Reports.js';
import { GinWithoutPendingList1795900000000 } from './1795900000000-GinWithoutPendingList.js';
import { SectorTypePairs1795900000001 } from './1795900000001-SectorTypePairs.js';
import { RandomReferences1796012667663 } from './1796012667663-RandomReferences.js';
import { AuditPending1796024557808 } from './1796024557808-AuditPending.js';
import { Accounts1796100000000 } from './1796100000000-Accounts.js';
import { Mail1796650904062 } from './1796650904062-Mail.js';
import { Invitations1796653633711 } from './1796653633711-Invitations.js';
import { Deadlines1796659437889 } from './1796659437889-Deadlines.js';
import { IatiExport1796662085764 } from './1796662085764-IatiExport.js';
import { PreferredLanguageChosen1796663107615 } from './1796663107615-PreferredLanguageChosen.js';

/** Every migration, oldest first. Add each new migration here. */
export const MIGRATIONS: (new () => object)[] = [
  Foundation1795802686692,
  NeedsAndOffers1795803624022,
  Matches1795804883274,
  Reports1795806041175,
  GinWithoutPendingList1795900000000,
  SectorTypePairs1795900000001,
  RandomReferences1796012667663,
  AuditPending1796024557808,
  Accounts1796100000000,
  Mail1796650904062,
  Invitations1796653633711,
  Deadlines1796659437889,
  IatiExport1796662085764,
  PreferredLanguageChosen1796663107615,
];
