"""Geometry of the server-rendered SVG charts (``egov_analysis/includes/chart.html``).

Charts are drawn in SVG on the server, so they need no JavaScript and print as they show.
Each is an image for assistive technology (``role="img"`` with a ``<title>`` and a ``<desc>``
that states the largest value), every bar carries its label and value as text, and the same
numbers stand in a table beside it. The bar colour (#00676a on white, 6.5:1) passes WCAG's
contrast for graphics and text alike.
"""

from django.utils.translation import gettext as _

BAR_COLOUR = "#00676a"


def _describe(breakdown):
    if not breakdown.total or not breakdown.rows:
        return _("No opinions yet.")
    top = max(breakdown.rows, key=lambda row: row.count)
    return _("%(total)d in all; the largest is %(label)s with %(count)d (%(share)s%%).") % {
        "total": breakdown.total,
        "label": top.label,
        "count": top.count,
        "share": top.share,
    }


def bar_chart(breakdown, *, label_width=150, width=560, bar_height=24):
    """Horizontal bars, one per row of ``breakdown``: for categories (gender, age, …)."""
    usable = width - label_width - 90
    largest = breakdown.largest
    bars = []
    for index, row in enumerate(breakdown.rows):
        length = round(usable * row.count / largest) if largest else 0
        y = index * bar_height
        bars.append(
            {
                "label": str(row.label),
                "value": f"{row.count} ({row.share}%)",
                "y": y + 3,
                "text_y": y + bar_height * 0.68,
                "width": length,
                "value_x": label_width + length + 6,
            }
        )
    return {
        "kind": "bars",
        "id": f"chart-{breakdown.key}",
        "title": str(breakdown.title),
        "desc": _describe(breakdown),
        "bars": bars,
        "width": width,
        "height": max(len(bars), 1) * bar_height,
        "label_width": label_width,
        "label_x": label_width - 6,
        "bar_height": bar_height - 6,
        "colour": BAR_COLOUR,
    }


def column_chart(breakdown, *, width=640, height=220, max_labels=8):
    """Vertical columns over time (per day or week), with a date under some of them."""
    top, bottom, left = 20, 40, 44
    plot_height = height - top - bottom
    count = len(breakdown.rows)
    largest = breakdown.largest
    step = (width - left - 10) / count if count else 0
    every = max(1, -(-count // max_labels))  # ceil: at most max_labels dates under the axis
    columns = []
    for index, row in enumerate(breakdown.rows):
        column_height = round(plot_height * row.count / largest, 1) if largest else 0
        x = round(left + index * step, 1)
        columns.append(
            {
                "label": str(row.label),
                "count": row.count,
                "x": x,
                "y": round(top + plot_height - column_height, 1),
                "width": max(round(step * 0.8, 1), 1),
                "height": column_height,
                "show_label": index % every == 0 or index == count - 1,
                "label_x": round(x + step * 0.4, 1),
            }
        )
    return {
        "kind": "columns",
        "id": f"chart-{breakdown.key}",
        "title": str(breakdown.title),
        "desc": _describe(breakdown),
        "columns": columns,
        "width": width,
        "height": height,
        "axis_y": top + plot_height,
        "axis_left": left,
        "label_y": top + plot_height + 16,
        "top": top,
        "largest": largest,
        "colour": BAR_COLOUR,
    }


def chart_for(breakdown):
    """The chart that suits a breakdown: columns over time, bars otherwise."""
    return column_chart(breakdown) if breakdown.key == "time" else bar_chart(breakdown)
