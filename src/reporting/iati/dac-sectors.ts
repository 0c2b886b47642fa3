import { AssistanceType, InfrastructureSector } from '../../common/enums.js';

/**
 * The service's infrastructure sectors in the OECD DAC 5-digit vocabulary (IATI Sector, vocabulary 1),
 * for the IATI export. Assistance to protect critical infrastructure against terrorist attacks builds
 * the capacity of the institutions that run and regulate the infrastructure, so each sector maps to
 * the DAC code of that sector's policy and administrative management where the DAC has one, else to
 * the code of the infrastructure itself. Reviewed against the DAC codelist of IATI 2.03
 * (standards/iati-2.03/codelists/Sector.xml); a test checks every code is in it.
 */
export const DAC_SECTOR_OF: Readonly<Record<InfrastructureSector, string>> = {
  // Energy policy and administrative management: grid operators, regulators, SCADA security.
  [InfrastructureSector.ENERGY]: '23110',
  // Air transport: the DAC has no separate policy code per mode; airports and air navigation.
  [InfrastructureSector.AIR_TRANSPORT]: '21050',
  // Transport policy and administrative management: road and rail networks, their operators.
  [InfrastructureSector.LAND_TRANSPORT]: '21010',
  // Water transport: ports, shipping, maritime security.
  [InfrastructureSector.MARITIME_TRANSPORT]: '21040',
  // Financial policy and administrative management: central banks, payment systems, supervisors.
  [InfrastructureSector.BANKING_AND_FINANCE]: '24010',
  // Water sector policy and administrative management: utilities, dams, treatment plants.
  [InfrastructureSector.WATER_SUPPLY]: '14010',
  // Food security policy and administrative management: supply chains and their oversight.
  [InfrastructureSector.FOOD_DISTRIBUTION]: '43071',
  // Health policy and administrative management: hospitals, public-health authorities.
  [InfrastructureSector.PUBLIC_HEALTH]: '12110',
  // Information and communication technology (ICT): networks, data centres, cybersecurity.
  [InfrastructureSector.INTERNET_AND_ICT]: '22040',
  // Tourism policy and administrative management: sites and venues that draw visitors.
  [InfrastructureSector.TOURISM]: '33210',
  // Security system management and reform: protection of soft and vulnerable targets is the work of
  // the security system itself (police, protective security), not of one infrastructure sector.
  [InfrastructureSector.VULNERABLE_TARGETS]: '15210',
  // Multisector aid: assistance that spans several infrastructures (national CIP strategies).
  [InfrastructureSector.CROSS_SECTOR]: '43010',
};

/**
 * Kinds of assistance that are a sector of their own in the DAC vocabulary, added beside the
 * infrastructure's: drafting and reforming laws is legal and judicial development.
 */
export const DAC_SECTOR_OF_ASSISTANCE: Readonly<Partial<Record<AssistanceType, string>>> = {
  // Legal and judicial development: counter-terrorism and CIP legislation, its drafting and review.
  [AssistanceType.LEGISLATIVE_ASSISTANCE]: '15130',
};

/** A sector of an activity with its share, the shares of one vocabulary summing to exactly 100. */
export interface SectorShare {
  code: string;
  percentage: string;
}

/**
 * Equal shares of `codes` (duplicates counted once) in hundredths, summing to exactly 100: the
 * remainder of the division goes to the first codes, one hundredth each.
 */
export function equalShares(codes: readonly string[]): SectorShare[] {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const base = Math.floor(10_000 / unique.length);
  let remainder = 10_000 - base * unique.length;
  return unique.map((code) => {
    const hundredths = base + (remainder > 0 ? 1 : 0);
    remainder -= 1;
    return { code, percentage: (hundredths / 100).toFixed(2) };
  });
}

/** The DAC 5-digit sectors of an activity, from its infrastructure sectors and kinds of assistance. */
export function dacSectors(
  sectors: readonly InfrastructureSector[],
  assistanceTypes: readonly AssistanceType[],
): SectorShare[] {
  const codes = [
    ...sectors.map((sector) => DAC_SECTOR_OF[sector]),
    ...assistanceTypes.flatMap((type) => DAC_SECTOR_OF_ASSISTANCE[type] ?? []),
  ];
  return equalShares(codes.length > 0 ? codes : [DAC_SECTOR_OF[InfrastructureSector.CROSS_SECTOR]]);
}
