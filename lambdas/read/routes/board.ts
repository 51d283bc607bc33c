import { boardResponse } from '../board-page';
import type { RouteAnswer } from '../route';

/**
 * `GET /board`: the wallboard page (`board-page.ts`). Its query string holds the page's own
 * filters, which the page reads itself.
 */
export const showBoard: RouteAnswer = async () => boardResponse();
