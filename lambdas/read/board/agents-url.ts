/**
 * `/v1/agents` next to the page, whatever stage prefix the page is served under:
 * `/board` reads `/v1/agents`, `/prod/board` reads `/prod/v1/agents`.
 */
export function agentsUrl(pageUrl: string, showStale: boolean): URL {
  const url = new URL(pageUrl);
  url.pathname = `${url.pathname.replace(/board\/?$/, '')}v1/agents`;
  url.search = showStale ? '?includeStale=true' : '';
  url.hash = '';
  return url;
}
