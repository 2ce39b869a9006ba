"""Line charts drawn as inline SVG on the server: no script, no CDN. Used for a
creator's followers over time and a Series' daily sales."""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format

WIDTH, HEIGHT, PADDING = 600, 200, 24


@dataclass(frozen=True)
class LineChart:
    points: str
    width: int
    height: int
    first_label: str
    last_label: str
    low_label: str
    high_label: str
    rows: list


def line_chart(history):
    """An SVG polyline for ``[(date, count), …]``; ``None`` with fewer than two days."""
    if len(history) < 2:
        return None
    first_day, last_day = history[0][0], history[-1][0]
    span_days = max((last_day - first_day).days, 1)
    low = min(count for _, count in history)
    high = max(count for _, count in history)
    span_count = max(high - low, 1)
    plot_width, plot_height = WIDTH - 2 * PADDING, HEIGHT - 2 * PADDING
    coordinates = [
        (
            PADDING + plot_width * (day - first_day).days / span_days,
            PADDING + plot_height * (1 - (count - low) / span_count),
        )
        for day, count in history
    ]
    return LineChart(
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates),
        width=WIDTH,
        height=HEIGHT,
        first_label=date_format(first_day, "SHORT_DATE_FORMAT"),
        last_label=date_format(last_day, "SHORT_DATE_FORMAT"),
        low_label=number_format(low, force_grouping=True),
        high_label=number_format(high, force_grouping=True),
        rows=history,
    )
