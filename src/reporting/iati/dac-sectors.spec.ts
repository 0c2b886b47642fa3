import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AssistanceType, InfrastructureSector } from '../../common/enums.js';
import { projectRoot } from '../../common/project-root.js';
import { DAC_SECTOR_OF, DAC_SECTOR_OF_ASSISTANCE, dacSectors, equalShares } from './dac-sectors.js';

describe('the DAC sectors of the IATI export', () => {
  const sectorCodelist = readFileSync(
    path.join(projectRoot(), 'standards/iati-2.03/codelists/Sector.xml'),
    'utf8',
  );
  const dacCodes = new Set([...sectorCodelist.matchAll(/<code>(\d{5})<\/code>/g)].map((m) => m[1]));

  it('map every sector, and only to codes of the DAC 5-digit codelist', () => {
    expect(Object.keys(DAC_SECTOR_OF).sort()).toEqual(Object.values(InfrastructureSector).sort());
    for (const code of [...Object.values(DAC_SECTOR_OF), ...Object.values(DAC_SECTOR_OF_ASSISTANCE)]) {
      expect(dacCodes.has(code)).toBe(true);
    }
  });

  it('share 100 exactly among the distinct codes, in hundredths', () => {
    for (let n = 1; n <= 12; n += 1) {
      const shares = equalShares(Array.from({ length: n }, (_, i) => String(i)));
      const hundredths = shares.reduce(
        (total, share) => total + Math.round(Number(share.percentage) * 100),
        0,
      );
      expect(hundredths).toBe(10_000);
      expect(shares.every((share) => /^\d+\.\d{2}$/.test(share.percentage))).toBe(true);
    }
    expect(equalShares(['a', 'a', 'b'])).toEqual([
      { code: 'a', percentage: '50.00' },
      { code: 'b', percentage: '50.00' },
    ]);
    expect(equalShares(['a', 'b', 'c']).map((share) => share.percentage)).toEqual([
      '33.34',
      '33.33',
      '33.33',
    ]);
  });

  it('add legal and judicial development for legislative assistance, and fall back to multisector aid', () => {
    expect(
      dacSectors(
        [InfrastructureSector.ENERGY],
        [AssistanceType.TRAINING, AssistanceType.LEGISLATIVE_ASSISTANCE],
      ),
    ).toEqual([
      { code: '23110', percentage: '50.00' },
      { code: '15130', percentage: '50.00' },
    ]);
    expect(dacSectors([], [])).toEqual([{ code: '43010', percentage: '100.00' }]);
  });
});
