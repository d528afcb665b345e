"""negedu.interactive: one explorer definition, a live widget and a static precomputed page.

The static page itself is driven in a real browser by test_browser.py; here we check
the mechanism on a small explorer and the book's explorers' numbers against formulas.
"""

import json
import re

import numpy as np
import pytest

from negedu.datasets import make_apples_and_oranges
from negedu.interactive import Explorer, Param, get_explorer, registered_explorers
from negedu.chapters.positive_and_negative import explorer as gallery


def _toy():
    import matplotlib.pyplot as plt

    def draw(a, b):
        fig, ax = plt.subplots(figsize=(2, 1.5))
        ax.bar([0, 1], [a, len(b)])
        return fig

    return Explorer(
        "test/toy",
        [Param("a", [1, 2, 3], label="A value", fmt="{:d}"), Param("b", ["x", "yy"], label="B choice")],
        numbers=lambda a, b: {"a plus len b": a + len(b), "share": a / 10},
        draw=draw,
        describe=lambda values, nums: f"a={values['a']} b={values['b']} total={nums['a plus len b']}",
        formats={"share": "{:.0%}"},
        title="Toy",
    )


def test_param_kinds_and_errors():
    assert Param("t", [0.1, 0.2]).kind == "slider"
    assert Param("k", ["smote", "adasyn"]).kind == "dropdown"
    assert Param("t", [1, 2, 3]).initial == 2
    with pytest.raises(ValueError, match=r"Param 't' needs at least one value"):
        Param("t", [])
    with pytest.raises(ValueError, match=r"initial=5 is not one of the values of Param 't': \[1, 2\]"):
        Param("t", [1, 2], initial=5)


def test_states_are_row_major():
    states = list(_toy().states())
    assert len(states) == 6
    assert states[:3] == [{"a": 1, "b": "x"}, {"a": 1, "b": "yy"}, {"a": 2, "b": "x"}]
    toy = _toy()
    for index, state in enumerate(states):
        assert toy._flat_index(state) == index


def test_static_html_holds_every_state():
    toy = _toy()
    page = toy.to_html()
    data = json.loads(re.search(r'<script type="application/json" class="nx-data">(.*?)</script>', page, re.S).group(1))
    assert data["name"] == "test/toy"
    assert len(data["states"]) == 6
    for state, values in zip(data["states"], toy.states()):
        nums = toy.numbers(**values)
        assert state["values"] == list(nums.values())
        assert state["shown"] == [toy.format_number(k, v) for k, v in nums.items()]
        assert state["text"] == toy.describe(values, nums)
        assert data["images"][state["img"]].startswith("data:image/webp;base64,")
        assert data["dark_images"][state["img"]].startswith("data:image/webp;base64,")
        assert data["dark_images"][state["img"]] != data["images"][state["img"]]
    # the figure's screen size (CSS pixels) is on the image, so the page keeps its place for it
    assert re.search(r'<img src="data:image/webp;base64,[^"]+" alt="[^"]*" width="160" height="120" loading="lazy"', page)
    # accessible controls: a labelled range input with its value shown, and a labelled select
    assert re.search(r'<label for="(nx-\w+-a)">A value</label><input type="range" id="\1"', page)
    assert 'aria-valuetext="2"' in page and '<output for="' in page
    assert re.search(r'<label for="(nx-\w+-b)">B choice</label><select id="\1"', page)
    assert "<script>" in page and "data-ready" in page
    assert "http://" not in page and "https://" not in page


def test_mimebundle_offers_widget_and_html(monkeypatch):
    toy = _toy()
    monkeypatch.setenv("NEGEDU_EXPLORER_HTML", "always")
    bundle = toy._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="negedu-explorer"')
    monkeypatch.setenv("NEGEDU_EXPLORER_HTML", "never")
    assert "text/html" not in toy._repr_mimebundle_()
    monkeypatch.setenv("NEGEDU_EXPLORER_HTML", "auto")
    monkeypatch.setenv("JPY_SESSION_NAME", "some.ipynb")  # a live Jupyter server: skip the slow static view
    assert "text/html" not in toy._repr_mimebundle_()


def test_widget_recomputes_on_change():
    toy = _toy()
    box = toy.widget()
    sliders = [w for w in box.children if hasattr(w, "options")]
    numbers_html = box.children[-2].children[1]
    assert ">4<" in numbers_html.value  # initial state: the middle values, a=2 and b="yy"
    sliders[0].value = 3
    assert ">5<" in numbers_html.value
    sliders[1].value = "x"
    assert ">4<" in numbers_html.value and "30%" in numbers_html.value
    assert "total=4" in box.children[-1].value


def test_book_explorers_are_registered():
    assert "positive-and-negative/threshold" in registered_explorers()
    with pytest.raises(KeyError, match="No explorer named 'nope'"):
        get_explorer("nope")


@pytest.mark.parametrize("imbalance_ratio", [1, 10, 100, 1000])
def test_fruit_explorer_numbers_match_the_formulas(imbalance_ratio):
    explorer = get_explorer("positive-and-negative/threshold")
    basket = make_apples_and_oranges(gallery.N_APPLES * (1 + imbalance_ratio), imbalance_ratio, random_state=7)
    assert basket.y.sum() == gallery.N_APPLES
    for threshold in explorer.params[0].values:
        nums = explorer.numbers(threshold=threshold, imbalance_ratio=imbalance_ratio)
        flagged = basket.score >= threshold
        tp = int(np.sum(flagged & (basket.y == 1)))
        fp = int(np.sum(flagged & (basket.y == 0)))
        assert nums["apples flagged (TP)"] == tp
        assert nums["oranges flagged (FP)"] == fp
        assert nums["apples missed (FN)"] == gallery.N_APPLES - tp
        assert nums["oranges passed (TN)"] == basket.y.size - gallery.N_APPLES - fp
        assert nums["alarms raised"] == tp + fp
        assert nums["share of alarms that are false"] == (fp / (tp + fp) if tp + fp else 0.0)


def test_fruit_explorer_shows_the_base_rate_effect():
    """At 1,000 oranges per apple and tau = 0.5, most alarms are false (the chapter's claim)."""
    nums = get_explorer("positive-and-negative/threshold").numbers(threshold=0.5, imbalance_ratio=1000)
    assert nums["apples flagged (TP)"] >= 15
    assert nums["share of alarms that are false"] > 0.95


def test_figures_are_stored_at_twice_their_screen_size():
    import io

    from PIL import Image

    import base64

    figures, nums, text = _toy().render_figures({"a": 2, "b": "yy"})
    assert figures["size"] == (160, 120)  # a 2 x 1.5 inch figure at 80 CSS pixels per inch
    for theme in ("light", "dark"):
        image = Image.open(io.BytesIO(base64.b64decode(figures[theme].split(",", 1)[1])))
        assert image.format == "WEBP" and image.size == (320, 240)
    assert nums == {"a plus len b": 4, "share": 0.2} and text == "a=2 b=yy total=4"


def test_dark_figure_mirrors_greys_and_keeps_colours():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex, to_rgba

    from negedu.interactive import _explorer
    from negedu.plotting import ACCENT, NEGATIVE, POSITIVE

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color=POSITIVE)
    ax.plot([0, 1], [1, 0], color="black")
    ax.bar([0], [1], color=NEGATIVE, edgecolor="white")
    title = ax.set_title("title")
    small = ax.text(0.5, 0.5, "note", fontsize=5)
    _explorer._legible(fig)
    assert small.get_fontsize() == _explorer.MIN_FONT_PT and title.get_fontsize() > _explorer.MIN_FONT_PT
    _explorer._darken(fig)
    fig.canvas.draw()
    lines = ax.get_lines()
    assert to_hex(lines[0].get_color()) == POSITIVE.lower()  # a class keeps its colour
    accent = _explorer._mirror_grey(to_rgba(ACCENT), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    assert to_hex(accent) == "#4095c5"  # the dark accent blue, a quarter lighter
    assert to_hex(lines[1].get_color()) == _explorer.DARK_INK  # black ink becomes the dark page's ink
    assert to_hex(title.get_color()) == _explorer.DARK_INK
    assert to_hex(ax.patches[0].get_facecolor()) == NEGATIVE.lower()
    assert to_hex(ax.patches[0].get_edgecolor()) == _explorer.DARK_BACKGROUND  # white becomes the background
    assert to_hex(fig.get_facecolor()) == _explorer.DARK_BACKGROUND
    assert all(to_hex(label.get_color()) == _explorer.DARK_INK for label in ax.get_xticklabels())
    grey = _explorer._mirror_grey(to_rgba("#808080"), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    assert abs(grey[0] - 0.498) < 0.01  # mid-grey stays mid-way between ink and background
    plt.close(fig)


def test_many_busy_states_are_stored_at_a_lower_resolution(monkeypatch):
    from negedu.interactive import _explorer

    toy = _toy()
    assert toy._fitting_dpi() == _explorer.DPI  # six small figures: twice the screen size
    figures, _, _ = toy.render_figures(toy.initial)
    one = max(len(figures["light"]), len(figures["dark"])) * 3 / 4
    monkeypatch.setattr(_explorer, "STATES_BUDGET", one * 6 / 0.9 / 1.25)  # 25 % too many bytes
    assert toy._fitting_dpi() == round(_explorer.DPI / 1.25)
    monkeypatch.setattr(_explorer, "STATES_BUDGET", 1)
    assert toy._fitting_dpi() == _explorer.MIN_DPI
