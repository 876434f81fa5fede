// The chart: one small bar chart per figure (median bar, p25–p75 whisker, value and ratio labels),
// drawn as SVG in a page and screenshotted with the same Chromium.
import { cell, ratioText } from './report.mjs';

const COLORS = { jl: '#0b4f9c', floor: '#c7a23a', 'floor-markup': '#d98c2b' };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function panel(figure, variants) {
  const [mine] = variants;
  const width = 440;
  const labelW = 150;
  const valueW = 120;
  const barMax = width - labelW - valueW - 10;
  const rowH = 26;
  const top = 8;
  const height = top + rowH * variants.length + 4;
  const max = Math.max(...variants.map((v) => figure.stats[v.id].p75 ?? figure.stats[v.id].median ?? 0), 1e-9);
  const x = (value) => labelW + (Math.max(0, value) / max) * barMax;
  const rows = variants.map((v, i) => {
    const s = figure.stats[v.id];
    const y = top + i * rowH;
    const isMine = v.id === mine.id;
    const label = `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" class="${isMine ? 'mine' : ''}">${esc(v.label)}</text>`;
    if (s.median === null) return `${label}<text x="${labelW + 4}" y="${y + 16}">—</text>`;
    const bar = `<rect x="${labelW}" y="${y + 4}" width="${Math.max(1, x(s.median) - labelW).toFixed(1)}" height="${rowH - 10}" rx="2" fill="${COLORS[v.base] || '#8a94a6'}"/>`;
    const whisker = s.p25 !== s.p75
      ? `<line x1="${x(s.p25).toFixed(1)}" x2="${x(s.p75).toFixed(1)}" y1="${y + 13}" y2="${y + 13}" class="whisker"/>`
        + `<line x1="${x(s.p25).toFixed(1)}" x2="${x(s.p25).toFixed(1)}" y1="${y + 8}" y2="${y + 18}" class="whisker"/>`
        + `<line x1="${x(s.p75).toFixed(1)}" x2="${x(s.p75).toFixed(1)}" y1="${y + 8}" y2="${y + 18}" class="whisker"/>`
      : '';
    const ratio = isMine ? '' : ` <tspan class="ratio">${ratioText(figure.ratios[v.id])}</tspan>`;
    const value = `<text x="${width - valueW + 6}" y="${y + 16}" class="${isMine ? 'mine' : ''}">${esc(cell({ ...s, p25: s.median, p75: s.median }, figure))}${ratio}</text>`;
    return label + bar + whisker + value;
  }).join('');
  const title = `${figure.label}${figure.unit ? ` (${figure.unit})` : ''}`;
  return `<figure><figcaption><span class="group">${esc(figure.group)}</span> ${esc(title)}</figcaption>
<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows}</svg></figure>`;
}

export function chartHtml(result) {
  const { pages, meta } = result;
  const [mine, ...peers] = pages[0].variants;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><style>
body { margin: 0; padding: 20px 24px; font: 13px/1.35 system-ui, "DejaVu Sans", sans-serif; color: #14181f; background: #fff; width: 1400px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 14px 0 6px; }
p.meta { margin: 0 0 14px; color: #4a5261; }
.grid { display: grid; grid-template-columns: repeat(3, 450px); gap: 10px 16px; }
figure { margin: 0; padding: 8px 6px 2px; border: 1px solid #dde3eb; border-radius: 6px; }
figcaption { font-weight: 600; margin: 0 0 2px 6px; }
.group { font-weight: 400; color: #6b7280; text-transform: uppercase; font-size: 11px; letter-spacing: .03em; }
svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: #14181f; }
svg text.mine { font-weight: 700; fill: #0b4f9c; }
.ratio { fill: #6b7280; font-size: 11px; }
.whisker { stroke: #14181f; stroke-width: 1.2; }
</style>
<h1>Consent banners in headless Chromium: ${esc(mine.name)} vs ${peers.map((p) => `${esc(p.name)} ${esc(p.version)}`).join(', ')}</h1>
<p class="meta">${esc(meta.date)} · ${meta.runs} runs per variant, interleaved · CPU ${meta.profile.cpuSlowdown}× slower · network ${meta.profile.network.latency} ms RTT, ${meta.profile.network.downloadMbit} Mbit/s down, ${meta.profile.network.uploadMbit} up · ${esc(meta.chromium)} on ${esc(meta.cpu.model)} × ${meta.cpu.cores}, load average ${meta.loadAverage.start.toFixed(1)} → ${meta.loadAverage.end.toFixed(1)} · bars: median, whiskers: p25–p75; ratio = this widget ÷ peer (lower is better for every figure)${meta.mode === 'quick' ? ' · QUICK MODE (N=2): not for conclusions' : ''}</p>
${pages.map((page) => `<h2>${esc(page.name)}: ${esc(page.description)}</h2>
<div class="grid">${page.figures.map((f) => panel(f, page.variants)).join('\n')}</div>`).join('\n')}
</html>`;
}

/** Renders the chart to a PNG with a running browser. */
export async function renderChart(browser, result, path) {
  const context = await browser.newContext({ viewport: { width: 1448, height: 900 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.setContent(chartHtml(result), { waitUntil: 'load' });
    await page.screenshot({ path, fullPage: true });
  } finally {
    await context.close();
  }
}
