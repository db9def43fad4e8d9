// Sign-in for the pages. Dev profile: a picker of the dev API keys (GET /pages/signin.json lists them).
// Elsewhere: the deployment's single sign-on (ONEGO_SSO_LOGIN_URL) sends the person back with
// #access_token=<JWT> in the address; the token is kept in this tab only (sessionStorage).
import { el, clear, announce, CHANNEL } from './ui.js';
import { token, setToken } from './api.js';

const ROLE = { channel: '渠道', applicant: '申请人', hotline: '12345热线', admin: '管理员', department: '部门' };

/** The claims of a JWT (not verified here: the server verifies every request), or null for an API key. */
export function claims(t = token()) {
  const parts = (t || '').split('.');
  if (parts.length !== 3) return null;
  try {
    const bytes = Uint8Array.from(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')), ch => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)); // UTF-8: a name in Chinese survives
  } catch { return null; }
}

function takeTokenFromAddress() {
  const m = /(?:^#|&)access_token=([^&]+)/.exec(location.hash);
  if (!m) return;
  setToken(decodeURIComponent(m[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

function describe(k) {
  return `${k.key} · ${ROLE[k.role] || k.role}${k.channel ? ' · ' + (CHANNEL[k.channel] || k.channel) : ''}`;
}

/**
 * Renders the sign-in control into slot. accept(k) picks the dev keys this page offers (the first is the default);
 * onChange(signedIn) runs now and after every change.
 */
export async function signIn(slot, { accept = () => true, onChange = () => {} } = {}) {
  takeTokenFromAddress();
  const options = await (await fetch('/pages/signin.json')).json();
  const render = () => {
    if (token()) {
      const c = claims();
      const who = c ? `${ROLE[c.role] || c.role || ''} ${c.name || c.sub || c.channel || c.department || ''}` : token();
      clear(slot, el('span', { class: 'who', id: 'signed-in-as' }, '已登录:' + who),
        el('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: () => { setToken(null); announce('已退出'); render(); } }, '退出'));
      onChange(true);
      return;
    }
    const parts = [];
    if (options.devKeys) {
      const keys = options.devKeys.filter(accept);
      const select = el('select', { id: 'dev-key', 'aria-label': '开发环境密钥' }, keys.map(k => el('option', { value: k.key }, describe(k))));
      parts.push(el('label', { for: 'dev-key', class: 'sr-only' }, '开发环境密钥'), select,
        el('button', { type: 'button', id: 'sign-in', onclick: () => { setToken(select.value); announce('已登录'); render(); } }, '登录(开发环境)'));
    } else if (options.sso) {
      const back = location.href.split('#')[0];
      const sep = options.sso.loginUrl.includes('?') ? '&' : '?';
      parts.push(el('a', { class: 'button', id: 'sign-in', href: options.sso.loginUrl + sep + 'redirect_uri=' + encodeURIComponent(back) }, '统一身份认证登录'));
    } else {
      const input = el('input', { id: 'jwt', type: 'password', autocomplete: 'off' });
      parts.push(el('label', { for: 'jwt', class: 'sr-only' }, '访问令牌(JWT)'), input,
        el('button', { type: 'button', id: 'sign-in', onclick: () => { setToken(input.value.trim()); render(); } }, '使用令牌登录'));
    }
    clear(slot, parts);
    onChange(false);
  };
  render();
}
