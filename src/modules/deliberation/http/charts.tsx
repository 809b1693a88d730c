// Server-rendered SVG figures of the report. Groups differ by shape AND colour (colour-blind-safe
// Okabe–Ito palette) and carry their letter, so no meaning rests on colour alone; every figure has
// a title, a description and a table beside it.
import type { PageContext } from '../../../web/context.js';
import type { Report } from '../schemas.js';

export const GROUP_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
export const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'] as const;
const SHAPE_PATHS: Record<(typeof SHAPES)[number], string> = {
  circle: 'M -4.5 0 a 4.5 4.5 0 1 0 9 0 a 4.5 4.5 0 1 0 -9 0 z',
  square: 'M -4 -4 h 8 v 8 h -8 z',
  triangle: 'M 0 -5.2 L 4.8 3.6 L -4.8 3.6 z',
  diamond: 'M 0 -5.5 L 5.5 0 L 0 5.5 L -5.5 0 z',
  cross: 'M -1.6 -5 h 3.2 v 3.4 h 3.4 v 3.2 h -3.4 v 3.4 h -3.2 v -3.4 h -3.4 v -3.2 h 3.4 z',
  star: 'M 0 -5.5 L 1.6 -1.7 L 5.5 -1.7 L 2.4 0.8 L 3.5 4.8 L 0 2.5 L -3.5 4.8 L -2.4 0.8 L -5.5 -1.7 L -1.6 -1.7 z',
};

export const groupStyle = (index: number) => ({ colour: GROUP_COLOURS[index % GROUP_COLOURS.length]!, shape: SHAPES[index % SHAPES.length]! });

const round = (v: number) => Math.round(v * 10) / 10;

/** A legend swatch: the group's shape in its colour. */
export function Swatch({ index }: { index: number }) {
  const { colour, shape } = groupStyle(index);
  return (
    <svg class="og-swatch" width="16" height="16" viewBox="-7 -7 14 14" aria-hidden="true" focusable="false">
      <path d={SHAPE_PATHS[shape]} fill={colour} stroke="#1b1b1b" stroke-width="0.8" />
    </svg>
  );
}

const W = 640;
const H = 440;
const PAD = 28;

export function OpinionMap({ ctx, report }: { ctx: PageContext; report: Report }) {
  const index = new Map(report.groups.map((g, i) => [g.id, i]));
  const points = report.participants;
  const extent = Math.max(1e-9, ...points.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y))));
  const sx = (x: number) => round(W / 2 + (x / extent) * (W / 2 - PAD));
  const sy = (y: number) => round(H / 2 - (y / extent) * (H / 2 - PAD));
  const description = [
    ctx.t('deliberation.map_desc', { participants: points.length, groups: report.groups.length }),
    ...report.groups.map((g, i) => ctx.t('deliberation.map_desc_group', { label: g.label, size: g.size, shape: ctx.t(`deliberation.shape.${groupStyle(i).shape}`) })),
  ].join(' ');
  return (
    <svg class="og-chart og-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="og-map-title og-map-desc" focusable="false">
      <title id="og-map-title">{ctx.t('deliberation.map_title')}</title>
      <desc id="og-map-desc">{description}</desc>
      <defs>
        {SHAPES.map((shape) => (
          <path id={`og-shape-${shape}`} d={SHAPE_PATHS[shape]} />
        ))}
      </defs>
      <rect x="0.5" y="0.5" width={W - 1} height={H - 1} fill="#ffffff" stroke="#71767a" />
      <line x1={W / 2} y1={PAD / 2} x2={W / 2} y2={H - PAD / 2} stroke="#dfe1e2" />
      <line x1={PAD / 2} y1={H / 2} x2={W - PAD / 2} y2={H / 2} stroke="#dfe1e2" />
      <g class="og-points">
        {points
          .filter((p) => p.group === null)
          .map((p) => (
            <circle cx={sx(p.x)} cy={sy(p.y)} r="2.5" fill="none" stroke="#71767a" />
          ))}
        {points
          .filter((p) => p.group !== null)
          .map((p) => {
            const { colour, shape } = groupStyle(index.get(p.group!) ?? 0);
            return <use href={`#og-shape-${shape}`} x={sx(p.x)} y={sy(p.y)} fill={colour} fill-opacity="0.75" stroke="#1b1b1b" stroke-width="0.5" />;
          })}
      </g>
      <g class="og-group-labels">
        {report.groups.map((g) => (
          <text x={sx(g.x)} y={sy(g.y)} text-anchor="middle" dominant-baseline="central" font-size="26" font-weight="bold" fill="#1b1b1b" stroke="#ffffff" stroke-width="5" paint-order="stroke">
            {g.label}
          </text>
        ))}
      </g>
    </svg>
  );
}

export function ParticipationChart({ ctx, report }: { ctx: PageContext; report: Report }) {
  const series = report.participation.series;
  const w = 640;
  const h = 260;
  const left = 56;
  const right = 56;
  const top = 16;
  const bottom = 40;
  const plotW = w - left - right;
  const plotH = h - top - bottom;
  const maxVotes = Math.max(1, ...series.map((s) => s.votes));
  const maxPeople = Math.max(1, ...series.map((s) => s.totalParticipants));
  const step = series.length > 0 ? plotW / series.length : plotW;
  const barW = Math.max(1, step * 0.7);
  const x = (i: number) => left + i * step + step / 2;
  const line = series.map((s, i) => `${i === 0 ? 'M' : 'L'} ${round(x(i))} ${round(top + plotH - (s.totalParticipants / maxPeople) * plotH)}`).join(' ');
  const last = series[series.length - 1];
  const labelEvery = Math.max(1, Math.ceil(series.length / 6));
  return (
    <svg class="og-chart og-participation" viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby="og-part-title og-part-desc" focusable="false">
      <title id="og-part-title">{ctx.t('deliberation.participation_title')}</title>
      <desc id="og-part-desc">
        {last
          ? ctx.t('deliberation.participation_desc', { periods: series.length, first: series[0]!.period, last: last.period, participants: last.totalParticipants, votes: last.totalVotes })
          : ctx.t('deliberation.participation_none')}
      </desc>
      <rect x={left} y={top} width={plotW} height={plotH} fill="#ffffff" stroke="#71767a" />
      {series.map((s, i) => {
        const bh = (s.votes / maxVotes) * plotH;
        return <rect x={round(x(i) - barW / 2)} y={round(top + plotH - bh)} width={round(barW)} height={round(bh)} fill="#a9aeb1" />;
      })}
      {series.length > 0 && <path d={line} fill="none" stroke="#162e51" stroke-width="2.5" />}
      {series.length === 1 && <circle cx={x(0)} cy={top + plotH - plotH} r="3" fill="#162e51" />}
      <text x={left - 6} y={top + 10} text-anchor="end" font-size="11" fill="#1b1b1b">
        {maxVotes}
      </text>
      <text x={left - 6} y={top + plotH} text-anchor="end" font-size="11" fill="#1b1b1b">
        0
      </text>
      <text x={w - right + 6} y={top + 10} font-size="11" fill="#162e51">
        {maxPeople}
      </text>
      <text x={left - 6} y={h - 4} font-size="11" fill="#1b1b1b">
        {ctx.t('deliberation.axis_votes')}
      </text>
      <text x={w - right + 6} y={h - 4} text-anchor="end" font-size="11" fill="#162e51">
        {ctx.t('deliberation.axis_participants')}
      </text>
      {series.map((s, i) =>
        i % labelEvery === 0 ? (
          <text x={round(x(i))} y={top + plotH + 16} text-anchor="middle" font-size="10" fill="#1b1b1b">
            {s.period}
          </text>
        ) : null,
      )}
    </svg>
  );
}
