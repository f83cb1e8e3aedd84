/** The websocket URL for one charger: `{id}` in the URL is replaced, otherwise the id is appended as a path segment. */
export function chargerUrl(baseUrl: string, chargerId: string): string {
  const id = encodeURIComponent(chargerId);
  if (baseUrl.includes('{id}')) return baseUrl.replace('{id}', id);
  const [path, query] = baseUrl.split('?', 2) as [string, string | undefined];
  return `${path.replace(/\/+$/, '')}/${id}${query !== undefined ? `?${query}` : ''}`;
}
