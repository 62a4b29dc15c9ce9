// Reads the methods an apiok.ru REST index page lists (https://apiok.ru/dev/methods/rest/), with a real HTML parser
// (parse5): the site's chrome, scripts and prose mention method names too, so only two things count as a listing:
//  - a link to a method page, `/dev/methods/rest/<group>/<group>.<method>` (relative, or absolute on apiok.ru; also
//    under /en/), whose file name is the group's name plus a method (a link to a group page does not count);
//  - a list item whose whole text is a method name, in a list that links other methods (a method whose page is
//    missing is sometimes listed without a link).
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { parseMethodName, type MethodName } from './method-name.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface ListedMethod extends MethodName {
  /** The method page's address, absolute; undefined for a list item without a link. */
  url?: string;
}

const METHOD_PATH = /^\/(?:en\/)?dev\/methods\/rest\/([^/]+)\/([^/]+?)\/?$/;

/** The methods the page lists, each once, in page order. `base` resolves relative links (the page's own address). */
export function readApiokIndex(html: string, base = 'https://apiok.ru/dev/methods/rest/'): ListedMethod[] {
  const found = new Map<string, ListedMethod>();
  const add = (m: ListedMethod) => {
    if (!found.has(m.name)) found.set(m.name, m);
  };

  // `inMethodList`: the node is an item of a list that links methods, so its own text may name one.
  const visit = (node: Node, inMethodList: boolean) => {
    if (isElement(node)) {
      if (node.tagName === 'script' || node.tagName === 'style' || node.tagName === 'template') return;
      if (node.tagName === 'a') {
        const m = methodLink(node, base);
        if (m) add(m);
      }
      if (node.tagName === 'li' && inMethodList && !linksIn(node).length) {
        const m = parseMethodName(textOf(node).trim());
        if (m) add(m);
      }
      if (node.tagName === 'ul' || node.tagName === 'ol') {
        const items = node.childNodes.filter((c): c is Element => isElement(c) && c.tagName === 'li');
        const methodList = items.some((li) => linksIn(li).some((a) => methodLink(a, base)));
        for (const child of node.childNodes) visit(child, methodList);
        return;
      }
    }
    for (const child of children(node)) visit(child, false);
  };
  visit(parse(html), false);
  return [...found.values()];
}

function methodLink(a: Element, base: string): ListedMethod | undefined {
  const href = a.attrs.find((x) => x.name === 'href')?.value;
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  // apiok.ru's own links, and relative ones (a saved copy or a mirror serves the page from elsewhere).
  if (!/^https?:$/.test(url.protocol) || !(/(^|\.)apiok\.ru$/.test(url.hostname) || url.host === new URL(base).host))
    return undefined;
  const match = METHOD_PATH.exec(url.pathname);
  if (!match) return undefined;
  let group: string, file: string;
  try {
    group = decodeURIComponent(match[1]!);
    file = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  const m = parseMethodName(file);
  if (!m || m.group !== group) return undefined;
  url.hash = '';
  url.search = '';
  return { ...m, url: url.href };
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function children(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : [];
}

function linksIn(node: Node): Element[] {
  const out: Element[] = [];
  const visit = (n: Node) => {
    if (isElement(n) && n.tagName === 'a' && n.attrs.some((x) => x.name === 'href')) out.push(n);
    for (const c of children(n)) visit(c);
  };
  visit(node);
  return out;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return children(node).map(textOf).join('');
}
