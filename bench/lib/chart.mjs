// A self-contained SVG (no network, no renderer needed to make it): per §9 row, how far the
// measurement is from its target — achieved/required ratio, or limit/measured — with 1 = the target.

const WIDTH = 900;
const LABEL_W = 440;
const BAR_W = 370;
const ROW_H = 30;
const SCALE_MAX = 3;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function score(row) {
  if (row.notMeasured || !row.ours) return undefined;
  if (row.ratio !== undefined) return row.ratio / Number(/≥ ([\d.]+)×/.exec(row.target)?.[1] ?? 1);
  const limit = Number(/≤ ([\d.]+)/.exec(row.target)?.[1] ?? NaN);
  if (Number.isFinite(limit)) return limit / row.ours.median;
  // "flat": both the memory limit and the growth allowance must hold.
  return Math.min(200 / row.ours.median, 50 / Math.max(1, row.reference?.median ?? 0));
}

export function chartSvg(rows) {
  const top = 52;
  const height = top + rows.length * ROW_H + 40;
  const x1 = LABEL_W + BAR_W / SCALE_MAX;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">SPEC §9 — how far each figure is from its target (1 = target; ≥ 1 met)</text>`,
    `<text x="10" y="38" fill="#555">ratio rows: achieved ratio ÷ required ratio · limit rows: limit ÷ measured · memory flat: the tighter of its two limits</text>`,
  ];
  rows.forEach((row, i) => {
    const y = top + i * ROW_H;
    const s = score(row);
    parts.push(`<text x="10" y="${y + 17}">${esc(row.measure.length > 66 ? `${row.measure.slice(0, 65)}…` : row.measure)}</text>`);
    if (s === undefined) {
      parts.push(`<text x="${LABEL_W}" y="${y + 17}" fill="#888">not measured</text>`);
      return;
    }
    const w = Math.max(2, Math.min(BAR_W, (s / SCALE_MAX) * BAR_W));
    const colour = s >= 1 ? '#2e7d32' : '#c62828';
    parts.push(`<rect x="${LABEL_W}" y="${y + 5}" width="${w.toFixed(1)}" height="${ROW_H - 10}" fill="${colour}"/>`);
    parts.push(`<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 17}">${s.toFixed(2)}${s > SCALE_MAX ? ' →' : ''}</text>`);
  });
  const axisY = top + rows.length * ROW_H;
  parts.push(`<line x1="${x1}" y1="${top - 5}" x2="${x1}" y2="${axisY + 5}" stroke="black" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${x1 - 12}" y="${axisY + 20}">target</text>`);
  for (const tick of [0, 2, 3]) parts.push(`<text x="${LABEL_W + (tick / SCALE_MAX) * BAR_W - 3}" y="${axisY + 20}" fill="#555">${tick}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
