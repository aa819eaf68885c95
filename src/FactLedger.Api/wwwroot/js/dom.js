// Element builders. Text always goes in through text nodes, never through HTML parsing, so data from the API
// cannot inject markup or script.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(node, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: el('a', { href, class: 'x' }, 'text', otherNode). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  apply(node, attributes);
  append(node, children);
  return node;
}

/** An SVG element, same calling convention as el. */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, attributes);
  append(node, children);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export function replaceChildren(node, ...children) {
  clear(node);
  append(node, children);
  return node;
}

/** Only http(s) links from the data are made clickable; anything else (javascript:, data:) stays text. */
export function safeUrl(text) {
  if (!text) return null;
  try {
    const url = new URL(text, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
