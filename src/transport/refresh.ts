// The outermost middleware: when OK says the session expired (102) and the session can refresh its token, refresh
// once and send the call once more, through the user's middleware again (so that the new try waits its turn in a rate
// limit). The session makes concurrent refreshes one (see AuthorizingSession.refresh), and a call whose token was
// replaced while it waited is sent again with the new one without another refresh; a caller whose signal aborts
// stops waiting for it, while the refresh goes on for the others.
import { isSessionExpired } from '../errors.js';
import type { Session } from '../sessions/session.js';
import { abortable } from './deadline.js';
import type { Middleware } from './pipeline.js';

export function refreshOnExpiry(session: Session): Middleware {
  return async (request, next) => {
    const tokenUsed = session.accessToken;
    try {
      return await next(request);
    } catch (err) {
      if (!request.asUser || !isSessionExpired(err) || !session.canRefresh) throw err;
      await abortable(request.method, session.refresh(tokenUsed), request.signal);
      return next({ ...request, attempt: request.attempt + 1 });
    }
  };
}
