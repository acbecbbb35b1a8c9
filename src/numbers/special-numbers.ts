/**
 * Emergency and public-service short codes per region. None of them ever places an outgoing call, so a caller ID
 * that claims to be one is spoofed — a favourite trick of courier fraudsters ("check the number: it's 101").
 */
export interface SpecialService {
  digits: string;
  name: string;
}

const byRegion: Record<string, Record<string, string>> = {
  GB: {
    '999': 'the emergency services (999)',
    '112': 'the emergency services (112)',
    '101': 'the police non-emergency line (101)',
    '111': 'the NHS 111 service',
    '159': "the banks' Stop Scams UK line (159)",
    '105': 'the power-cut line (105)',
    '116123': 'Samaritans (116 123)',
    '100': 'the operator (100)',
    '123': 'the speaking clock (123)',
  },
  US: { '911': 'the emergency services (911)', '112': 'the emergency services (112)', '311': 'city services (311)' },
};

/** Returns the special service a short code belongs to in a region, or null. */
export function specialServiceFor(region: string, digits: string): SpecialService | null {
  const name = byRegion[region]?.[digits] ?? (digits === '112' ? 'the emergency services (112)' : undefined);
  return name ? { digits, name } : null;
}
