// The innermost middleware: when OK says the session expired (102) and the session can refresh its token, refresh
// once and try the call once more. The session makes concurrent refreshes one (see Session.refresh).
import { isSessionExpired } from '../errors.js';
import type { Session } from '../sessions/session.js';
import type { Middleware } from './pipeline.js';

export function refreshOnExpiry(session: Session): Middleware {
  return async (request, next) => {
    const tokenUsed = session.accessToken;
    try {
      return await next(request);
    } catch (err) {
      if (!request.asUser || !isSessionExpired(err) || !session.canRefresh) throw err;
      await session.refresh(tokenUsed);
      return next({ ...request, attempt: request.attempt + 1 });
    }
  };
}
