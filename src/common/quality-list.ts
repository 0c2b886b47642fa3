/**
 * The values of a quality-weighted header (Accept, Accept-Language), in the order the client prefers
 * them: by `q` (1 when absent), then as written; values with q=0 (or an unreadable q) left out.
 * Lower-cased, without their parameters.
 */
export function byQuality(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [value = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { value: value.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((range) => range.value);
}
