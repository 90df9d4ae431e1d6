"""Small inline SVG charts for the HTML report: grouped bars and a histogram, no plotting library."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#c53030")
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def grouped_bars(rows: Sequence[str], series: Mapping[str, Mapping[str, tuple[float | None, int]]], title: str) -> str:
    """Horizontal bars of shares (0..1): for each row (a category) one bar per series (a config).

    ``series[name][row]`` is ``(share, n)``; a missing or undefined share draws no bar.
    """
    label_w, bar_w, bar_h, gap = 150, 360, 14, 10
    names = list(series)
    group_h = bar_h * len(names) + gap
    height = 40 + group_h * len(rows) + 20 * math.ceil(len(names) / 4)
    width = label_w + bar_w + 120
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" {_FONT}>',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    y = 30
    for row in rows:
        n = max((series[name].get(row, (None, 0))[1] for name in names), default=0)
        out.append(f'<text x="0" y="{y + bar_h}">{escape(row)} (n={n})</text>')
        for i, name in enumerate(names):
            value, _ = series[name].get(row, (None, 0))
            if value is not None:
                w = max(1.0, bar_w * value)
                out.append(
                    f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour(i)}">'
                    f"<title>{escape(name)}: {value:.1%}</title></rect>"
                )
                out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}">{value:.0%}</text>')
            y += bar_h
        y += gap
    out.append(f'<line x1="{label_w}" y1="26" x2="{label_w}" y2="{y - gap}" stroke="#888"/>')
    for i, name in enumerate(names):
        lx, ly = (i % 4) * 130, y + 12 + 20 * (i // 4)
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour(i)}"/>')
        out.append(f'<text x="{lx + 16}" y="{ly}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def histogram_bins(values: Sequence[float], bins: int) -> tuple[float, list[int]]:
    """Equal-width bins from 0 to the largest value: ``(bin width, counts)``."""
    top = max(values, default=0.0)
    width = top / bins if top > 0 else 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int(v / width), bins - 1)] += 1
    return width, counts


def histogram(values_ms: Sequence[float], title: str, colour_index: int = 0, bins: int = 12) -> str:
    """A vertical histogram of latencies in milliseconds, with counts over the bars."""
    plot_w, plot_h, left, top = 480, 140, 40, 28
    width, counts = histogram_bins(values_ms, bins)
    peak = max(counts, default=0) or 1
    bar = plot_w / bins
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + plot_w + 20}" height="{top + plot_h + 40}" '
        f'role="img" aria-label="{escape(title)}" {_FONT}>',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    base = top + plot_h
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x = left + i * bar
        lo, hi = i * width, (i + 1) * width
        out.append(
            f'<rect x="{x + 1:.1f}" y="{base - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
            f'fill="{colour(colour_index)}"><title>{lo:.0f}–{hi:.0f} ms: {count}</title></rect>'
        )
        if count:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle">{count}</text>')
    out.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#888"/>')
    for i in range(0, bins + 1, 3):
        out.append(f'<text x="{left + i * bar:.1f}" y="{base + 16}" text-anchor="middle">{i * width:.0f}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{base + 34}" text-anchor="middle">latency (ms)</text>')
    out.append("</svg>")
    return "\n".join(out)
