/**
 * The wallboard page the read function answers `GET /board` with. The page is built at synth
 * and bundle time (lib/board-assets.ts) and put into the bundle as two string constants, so
 * serving it reads no file and costs nothing at cold start.
 */

export interface BoardPage {
  /** The whole page: HTML with its script and CSS inline. */
  readonly html: string;
  /** Allows only the page's own inline script and style (by hash) and reads on its origin. */
  readonly contentSecurityPolicy: string;
}

// Replaced by esbuild `define` (lib/board-assets.ts BOARD_PAGE_GLOBALS) in every bundle.
declare const __BOARD_PAGE_HTML__: string | undefined;
declare const __BOARD_PAGE_CSP__: string | undefined;

let page: BoardPage | undefined;

/** The built page: from the bundle, or built once now when running unbundled (jest, tsx). */
export function boardPage(): BoardPage {
  page ??= bundledOrBuiltPage();
  return page;
}

function bundledOrBuiltPage(): BoardPage {
  // An if/else on `typeof` of the defined strings lets esbuild drop the unbundled branch, and
  // with it the require of esbuild, from the bundle.
  if (typeof __BOARD_PAGE_HTML__ === 'string' && typeof __BOARD_PAGE_CSP__ === 'string') {
    return { html: __BOARD_PAGE_HTML__, contentSecurityPolicy: __BOARD_PAGE_CSP__ };
  } else {
    const { buildBoardPage } =
      require('../../lib/board-assets') as typeof import('../../lib/board-assets');
    return buildBoardPage();
  }
}

/** The HTTP answer to `GET /board` (API Gateway HTTP API, payload format 2.0). */
export function boardResponse(): {
  statusCode: 200;
  headers: Record<string, string>;
  body: string;
} {
  const { html, contentSecurityPolicy } = boardPage();
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // The page is small and changes with each deployment: never serve an old one.
      'cache-control': 'no-store',
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
    body: html,
  };
}
