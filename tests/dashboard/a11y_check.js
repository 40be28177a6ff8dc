// WCAG 2 checks over the rendered page, the rules axe-core runs as color-contrast, label and
// button-name: every visible text node's colour against the background it is drawn on (4.5:1,
// 3:1 for large text), and an accessible name for every form control. Returns the violations.
() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const blend = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    return layers.reverse().reduce((acc, c) => blend(c, acc), {r: 255, g: 255, b: 255, a: 1}); };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode; const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim() || el.closest('svg')) continue;
    seen.add(el);
    const style = getComputedStyle(el); const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
    if (box.right < 0 || box.left > innerWidth + 2000) continue;
    const fg = parse(style.color); if (!fg) continue;
    const bg = background(el); const color = blend(fg, bg);
    const [a, b] = [lum(color), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize); const bold = Number(style.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) out.push('contrast ' + ratio.toFixed(2) + ': ' + node.textContent.trim().slice(0, 40));
  }
  for (const c of document.querySelectorAll('input, select, textarea, button, [role=radiogroup]')) {
    if (c.type === 'hidden') continue;
    const named = c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') ||
      (c.id && document.querySelector('label[for="' + CSS.escape(c.id) + '"]')) || c.closest('label') ||
      (c.tagName === 'BUTTON' && c.textContent.trim()) || c.getAttribute('title');
    if (!named) out.push('no label: ' + c.outerHTML.slice(0, 80));
  }
  return out;
}
