// Standalone SVG export of the page maps on screen: theme colours are resolved to plain values
// (the file is viewed outside VS Code), captions are added as text nodes.
import { SVG_NS, svgEl } from './dom';

const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'text-anchor'] as const;

function inline(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  for (const p of PROPS) {
    const v = cs.getPropertyValue(p);
    if (v) dst.setAttribute(p, v);
  }
  dst.removeAttribute('class');
  for (let i = 0; i < src.children.length; i++) inline(src.children[i], dst.children[i]);
}

export function exportSvg(maps: Array<{ caption: string; svg: SVGSVGElement }>, title: string): string {
  const pad = 8;
  const captionH = 20;
  let y = pad + captionH;
  let width = 0;
  const root = svgEl('svg', { xmlns: SVG_NS });
  root.append(svgEl('title', {}, title));
  const bg = svgEl('rect', { x: 0, y: 0, fill: getComputedStyle(document.body).backgroundColor });
  root.append(bg, svgEl('text', { x: pad, y: pad + 14, 'font-size': 14, 'font-family': 'sans-serif', fill: getComputedStyle(document.body).color }, title));
  for (const m of maps) {
    const w = Number(m.svg.getAttribute('width'));
    const h = Number(m.svg.getAttribute('height'));
    y += captionH;
    root.append(svgEl('text', { x: pad, y: y - 6, 'font-size': 12, 'font-family': 'sans-serif', fill: getComputedStyle(document.body).color }, m.caption));
    const g = svgEl('g', { transform: `translate(${pad} ${y})` });
    for (const c of Array.from(m.svg.children)) {
      const copy = c.cloneNode(true) as Element;
      inline(c, copy);
      g.append(copy);
    }
    root.append(g);
    y += h + pad;
    width = Math.max(width, w + 2 * pad);
  }
  for (const [k, v] of [['width', width], ['height', y]] as const) {
    root.setAttribute(k, String(v));
    bg.setAttribute(k, String(v));
  }
  root.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return new XMLSerializer().serializeToString(root);
}
