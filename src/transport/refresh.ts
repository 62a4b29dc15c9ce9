// The innermost middleware: when OK says the session expired (102) and the session can refresh its token, refresh
// once and try the call once more. The session makes concurrent refreshes one (see AuthorizingSession.refresh); a
// caller whose signal aborts stops waiting for it, while the refresh goes on for the others.
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
