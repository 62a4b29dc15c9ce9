// The mock's login dialog pages: the same blocks, form actions and field names as OK's real ones
// (hook_Block_OAuth2Login with fr.email/fr.password/fr.remember, hook_Block_OAuth2Permissions with fr.token and
// button_accept_request), so that code driving OK's dialog drives this one.

import { escapeHtml } from '../escape-html.js';

const page = (title: string, body: string) => `<!DOCTYPE html>
<html lang="ru">
<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body>
</html>
`;

export function loginPage(error?: string): string {
  return page(
    'Одноклассники (okru mock)',
    `<div id="hook_Block_OAuth2Login" class="hookBlock">
  <form method="post" action="/dk?cmd=OAuth2Login&amp;st.cmd=OAuth2Login">
    <input name="fr.posted" type="hidden" value="set">
    ${error ? `<div class="input-e login_error">${escapeHtml(error)}</div>` : ''}
    <label for="field_email">Логин, адрес почты или телефон</label>
    <input name="fr.email" id="field_email" type="text" value="">
    <label for="field_password">Пароль</label>
    <input name="fr.password" id="field_password" type="password">
    <label><input name="fr.remember" type="checkbox" value="on" checked="checked"> запомнить меня</label>
    <input type="submit" value="Войти">
  </form>
</div>`,
  );
}

/** `cancelHref` is where "Отменить" leads: the redirect URI with `error=access_denied`, as on OK's page. */
export function permissionsPage(
  appName: string,
  scope: readonly string[],
  formToken: string,
  cancelHref: string,
): string {
  return page(
    'Одноклассники (okru mock)',
    `<div id="hook_Block_OAuth2Permissions" class="hookBlock">
  <form method="POST" action="/dk?st.cmd=OAuth2Permissions&amp;cmd=OAuth2Permissions">
    <input name="fr.posted" type="hidden" value="set"><input name="fr.token" type="hidden" value="${escapeHtml(formToken)}">
    <p>Приложение <b>${escapeHtml(appName)}</b> запрашивает доступ к вашему аккаунту: ${scope.map(escapeHtml).join(', ')}</p>
    <button name="button_accept_request" class="button-pro form-actions_yes">Разрешить</button>
    <a href="${escapeHtml(cancelHref)}" class="button-pro __sec">Отменить</a>
  </form>
</div>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Одноклассники (okru mock)',
    `<div id="hook_Block_OAuth2Error" class="hookBlock"><p>${escapeHtml(message)}</p></div>`,
  );
}
