from types import SimpleNamespace as Row

from samenspel.panel.charts import share_chart


def test_shares_on_one_fixed_scale_with_weighted_below():
    chart = share_chart(
        [Row(label="A", share=0.75, weighted_share=0.5), Row(label="B", share=0.25, weighted_share=0.5)],
        width=400,
        label_width=100,
        value_room=50,
        bar_height=10,
        gap=5,
    )
    a, b = chart.bars
    assert (a.width, a.weighted_width, b.width, b.weighted_width) == (187.5, 125.0, 62.5, 125.0)  # of 250 = 100 %
    assert (a.display, a.weighted_display) == ("75%", "50%")
    assert (a.y, b.y) == (0, 25)  # two bars and a gap per row
    assert chart.legend_y == 56 and chart.height == 74


def test_without_weights_one_series_and_no_legend():
    chart = share_chart([Row(label="A", share=1.0, weighted_share=None)], width=400, label_width=100, value_room=50)
    assert chart.bars[0].width == 250 and chart.bars[0].weighted_width is None and chart.legend_y is None
