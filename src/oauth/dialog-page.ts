// Reads a page of OK's login dialog with a real HTML parser (parse5): its hook block (`hook_Block_OAuth2Login`, ...),
// its forms with the fields a browser would submit, and what kind of page it is.
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface DialogForm {
  /** As written in the page; resolve it against the page URL. */
  action: string;
  method: 'GET' | 'POST';
  /** What a browser submits without a click: named inputs (checked boxes only), selects, textareas. */
  fields: [string, string][];
  /** Named buttons, one of which a click adds. */
  buttons: [string, string][];
}

export interface DialogPage {
  /** The page's block, e.g. `OAuth2Login` from `<div id="hook_Block_OAuth2Login">`. */
  block?: string;
  forms: DialogForm[];
  /** Names of all inputs, for recognizing captcha and code fields. */
  inputNames: string[];
  /** Visible text, whitespace collapsed. */
  text: string;
  hasPasswordField: boolean;
  hasCaptchaImage: boolean;
}

export type PageKind = 'login' | 'permissions' | 'captcha' | 'verification' | 'blocked' | 'app-error' | 'unknown';

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function children(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : [];
}

export function readPage(html: string, parse: typeof import('parse5').parse): DialogPage {
  const page: DialogPage = { forms: [], inputNames: [], text: '', hasPasswordField: false, hasCaptchaImage: false };
  const texts: string[] = [];
  const visit = (node: Node, form: DialogForm | undefined) => {
    if (!isElement(node)) {
      if (node.nodeName === '#text') texts.push((node as DefaultTreeAdapterMap['textNode']).value);
      // The document and fragments hold the elements.
      for (const child of children(node)) visit(child, form);
      return;
    }
    if (node.tagName === 'script' || node.tagName === 'style') return;
    const id = attr(node, 'id');
    if (id?.startsWith('hook_Block_') && !page.block) page.block = id.slice('hook_Block_'.length);
    let current = form;
    if (node.tagName === 'form') {
      current = {
        action: attr(node, 'action') ?? '',
        method: (attr(node, 'method') ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET',
        fields: [],
        buttons: [],
      };
      page.forms.push(current);
    }
    const name = attr(node, 'name');
    if (node.tagName === 'input') {
      const type = (attr(node, 'type') ?? 'text').toLowerCase();
      if (type === 'password') page.hasPasswordField = true;
      if (name) {
        page.inputNames.push(name);
        const value = attr(node, 'value') ?? '';
        if (type === 'submit' || type === 'button' || type === 'image') current?.buttons.push([name, value]);
        else if ((type === 'checkbox' || type === 'radio') && attr(node, 'checked') === undefined) {
          // unchecked: not submitted
        } else current?.fields.push([name, type === 'checkbox' && !attr(node, 'value') ? 'on' : value]);
      }
    } else if (node.tagName === 'button' && name) {
      current?.buttons.push([name, attr(node, 'value') ?? '']);
    } else if ((node.tagName === 'textarea' || node.tagName === 'select') && name) {
      page.inputNames.push(name);
      current?.fields.push([name, '']);
    } else if (node.tagName === 'img' && /captcha/i.test(attr(node, 'src') ?? '')) {
      page.hasCaptchaImage = true;
    }
    const content = node.tagName === 'template' ? [] : children(node);
    for (const child of content) visit(child, current);
  };
  visit(parse(html), undefined);
  page.text = texts.join(' ').replace(/\s+/g, ' ').trim();
  return page;
}

/** The `st.cmd` a URL or form action names, e.g. `OAuth2Login`. */
export function stCmd(url: string): string | undefined {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return new URLSearchParams(query.replace(/&amp;/g, '&')).get('st.cmd') ?? undefined;
}

/**
 * What the page is. OK names its pages by block and `st.cmd`; captcha, verification and blocked pages are also
 * recognized by their fields and words, since their names vary.
 */
export function classifyPage(page: DialogPage, url: string): PageKind {
  const names = [page.block, stCmd(url), ...page.forms.map((f) => stCmd(f.action))].filter(Boolean).join(' ');
  const inputs = page.inputNames.join(' ');
  if (/captcha/i.test(names) || /captcha/i.test(inputs) || page.hasCaptchaImage) return 'captcha';
  if (/OAuth2Permissions/.test(names)) return 'permissions';
  if (/verif|twofactor|2fa|otp|smscode/i.test(names) || /sms|otp|\bfr\.code\b|verif/i.test(inputs))
    return 'verification';
  if (/block|banned|frozen/i.test(names) || /заблокирован|blocked|заморожен/i.test(page.text)) return 'blocked';
  if (/OAuth2Login/.test(names) && page.hasPasswordField) return 'login';
  if (
    /OAuth2Error/.test(names) ||
    /invalid_client|unknown application|приложение не найдено|неизвестное приложение/i.test(page.text)
  )
    return 'app-error';
  return 'unknown';
}

/** The name to report for a page: its block or `st.cmd`, never its content. */
export function pageName(page: DialogPage, url: string): string {
  return page.block ?? stCmd(url) ?? new URL(url).pathname;
}
