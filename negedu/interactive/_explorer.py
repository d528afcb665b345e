"""One definition of an interactive figure, two ways to show it.

An :class:`Explorer` is a pure function from a few parameters (sliders and drop-downs)
to a figure and a handful of numbers. It is shown

* **live** in Jupyter, as ipywidgets that recompute on every change; and
* **static** on the book's website, as self-contained HTML with a small script of our
  own over *precomputed states*: every combination of the parameter values is computed
  once at build time (figure as a PNG, numbers as data), so moving a slider on the web
  page swaps the picture and the numbers instantly, with no kernel and no network.

Both views come from the same object, through ``_repr_mimebundle_``: Jupyter picks the
widget, and the book (``nb_mime_priority_overrides`` in ``_config.yml``) picks the HTML.
"""

import html
import importlib
import itertools
import json
import numbers as _numbers
import os
import pkgutil
import uuid
from importlib import resources

__all__ = ["Param", "Explorer", "register", "get_explorer", "registered_explorers"]

_REGISTRY = {}

#: Explorer figures are drawn for a column of (inches x 80) CSS pixels, 640 for the usual 8-inch
#: figure, and stored at twice that, so that they stay sharp on high-density screens and when zoomed.
DPI = 160
#: Palette size of the stored figures: plots use few colours, and 16 keep lines and text clean.
COLORS = 16
#: Palette size of a figure with a colour map (filled contours, an image, a mesh): its shades
#: need more than 16 colours, or neighbouring bands merge.
COLORS_SHADED = 64
#: Bytes an explorer's figures may take in one colour theme (all its states, fetched near the
#: screen). An explorer with many busy states is stored at less than twice its screen size:
#: a figure's bytes grow about linearly with the resolution, so it shrinks by the excess.
STATES_BUDGET = 1024 * 1024
#: ... but never below this resolution (1.25 times the screen size).
MIN_DPI = 100
#: No text of an explorer's figure is smaller than this (points): at 80 dpi, 10 CSS pixels.
MIN_FONT_PT = 9
#: Background and ink of the dark figures (the explorer's card takes the same background).
DARK_BACKGROUND = "#1b1f24"
DARK_INK = "#e3e6ea"


def register(name):
    """Decorator: register an explorer factory under ``name`` (used by the browser tests)."""

    def decorate(factory):
        _REGISTRY[name] = factory
        factory.explorer_name = name
        return factory

    return decorate


def _chapter_module(name):
    """The module that registers the explorer ``"<chapter-slug>/<name>"``: the chapter's ``explorer.py``."""
    return "negedu.chapters." + name.split("/", 1)[0].replace("-", "_") + ".explorer"


def _import_chapter(module):
    """Import a chapter's explorer module (it registers its explorers); False if the chapter has none."""
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is None or not module.startswith(error.name):
            raise  # the chapter exists but something it imports is missing: say so
        return False
    return True


def get_explorer(name):
    """Build the registered explorer called ``name``, importing its chapter's module when first asked."""
    if not isinstance(name, str):
        raise TypeError(f"get_explorer: name must be a string such as 'roc-vs-pr/curves', got {name!r}.")
    if name not in _REGISTRY and "/" in name:
        _import_chapter(_chapter_module(name))
    if name not in _REGISTRY:
        known = ", ".join(registered_explorers()) or "none"
        raise KeyError(f"No explorer named {name!r}. Registered explorers: {known}.")
    return _REGISTRY[name]()


def registered_explorers():
    """Names of all the book's explorers (every chapter's explorer module is imported)."""
    chapters = os.path.join(os.path.dirname(os.path.dirname(__file__)), "chapters")
    for info in pkgutil.iter_modules([chapters]):
        if info.ispkg:
            _import_chapter(f"negedu.chapters.{info.name}.explorer")
    return sorted(_REGISTRY)


class Param:
    """One control of an explorer: a slider over numbers or a drop-down over choices.

    Parameters
    ----------
    name : str
        Keyword passed to the explorer's functions.
    values : sequence
        The allowed values, in order. Numbers give a slider; strings give a drop-down.
        On the website every value is a precomputed state, so keep the lists short.
    label : str
        Visible label of the control.
    fmt : str
        Format of the value next to the control, e.g. ``"{:.2f}"`` or ``"1:{:g}"``.
    initial : optional
        Starting value (default: the middle one).
    """

    def __init__(self, name, values, *, label=None, fmt="{}", initial=None):
        values = list(values)
        if not values:
            raise ValueError(f"Param {name!r} needs at least one value.")
        if initial is not None and initial not in values:
            raise ValueError(f"initial={initial!r} is not one of the values of Param {name!r}: {values!r}.")
        self.name = name
        self.values = values
        self.label = label or name
        self.fmt = fmt
        self.initial = values[len(values) // 2] if initial is None else initial
        self.kind = "slider" if all(isinstance(v, _numbers.Real) for v in values) else "dropdown"

    def display(self, value):
        return self.fmt.format(value)


def _to_json_number(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, _numbers.Integral):
        return int(value)
    if isinstance(value, _numbers.Real):
        return float(value)
    return str(value)


class Explorer:
    """An interactive figure defined once, live in Jupyter and alive on the static site.

    Parameters
    ----------
    name : str
        Stable identifier, written into the HTML (``data-explorer``) so tests can rebuild it.
    params : list of Param
    numbers : callable
        ``numbers(**values) -> dict`` of label -> number (or short text), in display order.
        These are what the page shows next to the figure; tests compare them with negedu.
    draw : callable
        ``draw(**values) -> matplotlib Figure``.
    describe : callable
        ``describe(values, numbers) -> str``: one or two sentences saying what the state
        shows, used as the image's alt text and as the caption (the text alternative).
    formats : dict, optional
        label -> format string for the numbers (default ``"{:g}"`` for numbers).
    title : str, optional
    """

    def __init__(self, name, params, *, numbers, draw, describe, formats=None, title=""):
        self.name = name
        self.params = list(params)
        self.numbers = numbers
        self.draw = draw
        self.describe = describe
        self.formats = dict(formats or {})
        self.title = title

    # ------------------------------------------------------------------ states
    @property
    def initial(self):
        return {p.name: p.initial for p in self.params}

    def states(self):
        """Every combination of parameter values, in row-major order (last parameter fastest)."""
        for combo in itertools.product(*(p.values for p in self.params)):
            yield dict(zip((p.name for p in self.params), combo))

    def format_number(self, label, value):
        fmt = self.formats.get(label, "{:g}" if isinstance(value, _numbers.Real) and not isinstance(value, bool) else "{}")
        return fmt.format(value)

    def render_state(self, values):
        """Figure (WebP data URI, light theme), numbers and text alternative of one state."""
        figures, nums, text = self.render_figures(values)
        return figures["light"], nums, text

    def render_figures(self, values, *, dpi=DPI):
        """Both figures of one state, numbers and text alternative: ``({"light": uri, "dark": uri,
        "size": (width, height)}, numbers, text)``.

        The figure is drawn once, with no text smaller than ``MIN_FONT_PT``, and stored at twice
        its screen size (``dpi=DPI``) as a lossless WebP of ``COLORS`` colours (``COLORS_SHADED``
        when it shades a colour map); then its greys are
        mirrored for a dark page (:func:`_darken`) and it is stored again. ``size`` is the size
        in CSS pixels the figure is drawn for (its inches at 80 dpi).
        """
        from ..plotting import figure_to_data_uri
        import matplotlib.pyplot as plt

        nums = self.numbers(**values)
        fig = self.draw(**values)
        try:
            _legible(fig)
            width, height = fig.get_size_inches()
            colors = COLORS_SHADED if _shaded(fig) else COLORS
            figures = {"light": figure_to_data_uri(fig, dpi=dpi, colors=colors, format="webp")}
            _darken(fig)
            fig.set_layout_engine("none")  # the layout is the light figure's: only colours change
            figures["dark"] = figure_to_data_uri(fig, dpi=dpi, colors=colors, format="webp")
            figures["size"] = (round(width * 80), round(height * 80))
        finally:
            plt.close(fig)
        return figures, nums, self.describe(values, nums)

    # ------------------------------------------------------------------ static HTML
    def to_html(self):
        """Self-contained HTML + JavaScript with every state precomputed."""
        uid = "nx-" + uuid.uuid4().hex[:10]
        images, dark_images, image_index, states = [], [], {}, []
        dpi = self._fitting_dpi()
        from ._state_cache import render_states  # rendered states, cached by content in the book build

        for figures, nums, text in render_states(self, list(self.states()), _REGISTRY.get(self.name), dpi=dpi):
            pair = (figures["light"], figures["dark"])
            if pair not in image_index:
                image_index[pair] = len(images)
                images.append(figures["light"])
                dark_images.append(figures["dark"])
            states.append(
                {
                    "img": image_index[pair],
                    "values": [_to_json_number(v) for v in nums.values()],
                    "shown": [self.format_number(k, v) for k, v in nums.items()],
                    "text": text,
                }
            )
        first_values = self.initial
        first_nums = self.numbers(**first_values)
        keys = list(first_nums)
        start = self._flat_index(first_values)
        data = {
            "name": self.name,
            "params": [
                {
                    "name": p.name,
                    "label": p.label,
                    "kind": p.kind,
                    "values": [_to_json_number(v) for v in p.values],
                    "shown": [p.display(v) for v in p.values],
                }
                for p in self.params
            ],
            "keys": keys,
            "images": images,
            "dark_images": dark_images,
            "pixel_ratio": dpi / 80,  # image pixels per CSS pixel
            "states": states,
        }
        controls = []
        for p in self.params:
            cid = f"{uid}-{p.name}"
            index = p.values.index(p.initial)
            shown = html.escape(p.display(p.initial))
            if p.kind == "slider":
                widget = (
                    f'<input type="range" id="{cid}" data-param="{html.escape(p.name)}" min="0" '
                    f'max="{len(p.values) - 1}" step="1" value="{index}" aria-valuetext="{shown}">'
                    f'<output for="{cid}" class="nx-value">{shown}</output>'
                )
            else:
                options = "".join(
                    f'<option value="{i}"{" selected" if i == index else ""}>{html.escape(p.display(v))}</option>'
                    for i, v in enumerate(p.values)
                )
                widget = f'<select id="{cid}" data-param="{html.escape(p.name)}">{options}</select>'
            controls.append(
                f'<div class="nx-control"><label for="{cid}">{html.escape(p.label)}</label>{widget}</div>'
            )
        first = states[start]
        width, height = figures["size"]  # every state's figure has the same size
        rows = "".join(
            f'<tr><th scope="row">{html.escape(k)}</th><td data-key="{html.escape(k)}" '
            f'data-value="{html.escape(json.dumps(v))}">{html.escape(s)}</td></tr>'
            for k, v, s in zip(keys, first["values"], first["shown"])
        )
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        title = f'<p class="nx-title">{html.escape(self.title)}</p>' if self.title else ""
        return (
            f'<div class="negedu-explorer" id="{uid}" data-explorer="{html.escape(self.name)}" '
            f'data-ready="no">{title}'
            f'<div class="nx-controls">{"".join(controls)}</div>'
            f'<div class="nx-body"><figure class="nx-figure" style="--nx-width:{width}px">'
            f'<div class="nx-frame"><img src="{images[first["img"]]}" alt="{html.escape(first["text"])}" '
            f'width="{width}" height="{height}" loading="lazy" decoding="async"></div>'
            f'<p class="nx-hint" aria-hidden="true">Swipe the figure sideways to see all of it.</p>'
            f'<figcaption class="nx-text" aria-live="polite">{html.escape(first["text"])}</figcaption>'
            f"</figure>"
            f'<table class="nx-numbers"><tbody>{rows}</tbody></table></div>'
            f'<script type="application/json" class="nx-data">{payload}</script>'
            f"<style>{_asset('explorer.css')}</style>"
            f"<script>{_asset('explorer.js')}</script>"
            f"</div>"
        )

    def _fitting_dpi(self):
        """``DPI``, or less when the initial state's figures, times the number of states, would
        pass ``STATES_BUDGET`` in either theme (with a tenth to spare); never below ``MIN_DPI``."""
        count = 1
        for p in self.params:
            count *= len(p.values)
        figures, _, _ = self.render_figures(self.initial)
        heaviest = max(len(figures["light"]), len(figures["dark"])) * 3 / 4  # base64 -> bytes
        excess = heaviest * count / (0.9 * STATES_BUDGET)
        return DPI if excess <= 1 else max(MIN_DPI, round(DPI / excess))

    def _flat_index(self, values):
        index = 0
        for p in self.params:
            index = index * len(p.values) + p.values.index(values[p.name])
        return index

    # ------------------------------------------------------------------ live widget
    def widget(self):
        """ipywidgets controls that recompute the figure and the numbers on every change."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        controls = {}
        for p in self.params:
            options = [(p.display(v), v) for v in p.values]
            style = {"description_width": "initial"}
            if p.kind == "slider":
                controls[p.name] = widgets.SelectionSlider(
                    options=options, value=p.initial, description=p.label, continuous_update=False,
                    style=style, layout=widgets.Layout(width="min(100%, 32em)"),
                )
            else:
                controls[p.name] = widgets.Dropdown(options=options, value=p.initial, description=p.label, style=style)
        figure_out = widgets.Output()
        numbers_out = widgets.HTML()
        caption = widgets.HTML()

        def update(_change=None):
            values = {name: control.value for name, control in controls.items()}
            nums = self.numbers(**values)
            numbers_out.value = _numbers_table(self, nums)
            caption.value = f"<p>{html.escape(self.describe(values, nums))}</p>"
            with figure_out:
                figure_out.clear_output(wait=True)
                fig = self.draw(**values)
                _legible(fig)
                display(fig)
                plt.close(fig)

        for control in controls.values():
            control.observe(update, names="value")
        update()
        header = [widgets.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
        return widgets.VBox(
            header + list(controls.values())
            + [widgets.HBox([figure_out, numbers_out], layout=widgets.Layout(flex_flow="row wrap")), caption]
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": f"<Explorer {self.name!r}: {', '.join(p.label for p in self.params)}>"}
        mode = os.environ.get("NEGEDU_EXPLORER_HTML", "auto")
        in_live_server = "JPY_SESSION_NAME" in os.environ
        try:
            bundle.update(self.widget()._repr_mimebundle_())
        except ImportError:  # no ipywidgets: the static view is all we can offer
            mode = "always"
        if mode == "always" or (mode == "auto" and not in_live_server):
            bundle["text/html"] = self.to_html()
        return bundle


def _numbers_table(explorer, nums):
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
        f"<td style='text-align:right'>{html.escape(explorer.format_number(k, v))}</td></tr>"
        for k, v in nums.items()
    )
    return f"<table>{rows}</table>"


def _shaded(fig):
    """Whether the figure shades a colour map (filled contours, an image or a mesh)."""
    from matplotlib.collections import QuadMesh
    from matplotlib.contour import ContourSet
    from matplotlib.image import AxesImage

    return any(isinstance(artist, (ContourSet, AxesImage, QuadMesh)) and getattr(artist, "filled", True)
               for ax in fig.axes for artist in ax.get_children())


def _legible(fig):
    """Raise every text of ``fig`` smaller than ``MIN_FONT_PT`` (x-small legends) to that size."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < MIN_FONT_PT:
            text.set_fontsize(MIN_FONT_PT)


def _mirror_grey(colour, ink, background):
    """A colour for the dark page: a grey (black ink, white paper, grey grid) moves to the same
    place between the dark page's ink and background; a colour with a hue keeps it, lightened
    by a quarter if it is dark (the accent blue), so that it still stands out on the background."""
    r, g, b, a = colour
    if a == 0:
        return colour
    if max(r, g, b) - min(r, g, b) > 0.04:
        if 0.2126 * r + 0.7152 * g + 0.0722 * b >= 0.4:
            return colour
        return tuple(c + (1 - c) / 4 for c in (r, g, b)) + (a,)
    lightness = (r + g + b) / 3  # 0 = black ink, 1 = white paper
    return tuple(i + (k - i) * lightness for i, k in zip(ink, background)) + (a,)


def _darken(fig):
    """Recolour a drawn light figure for a dark page, in place.

    Greys move: black text and axes become light, white backgrounds dark, grey grids and
    reference lines keep their distance from the background. The classes' colours (the book's
    Okabe-Ito orange, green and purple) stay exactly as they are, so a class has the same colour
    in both themes; only a dark colour (the accent blue) is lightened to stay visible.
    """
    from matplotlib.collections import Collection
    from matplotlib.colors import to_rgb, to_rgba, to_rgba_array
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    ink, background = to_rgb(DARK_INK), to_rgb(DARK_BACKGROUND)

    def mirror(colour):
        return _mirror_grey(to_rgba(colour), ink, background)

    def mirror_all(colours):
        return [_mirror_grey(tuple(c), ink, background) for c in to_rgba_array(colours)]

    for artist in fig.findobj():
        if isinstance(artist, Text):
            artist.set_color(mirror(artist.get_color()))
            if artist.get_bbox_patch() is not None:
                patch = artist.get_bbox_patch()
                patch.set_facecolor(mirror(patch.get_facecolor()))
                patch.set_edgecolor(mirror(patch.get_edgecolor()))
        elif isinstance(artist, Line2D):
            artist.set_color(mirror(artist.get_color()))
            artist.set_markerfacecolor(mirror(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(mirror(artist.get_markeredgecolor()))
        elif isinstance(artist, Patch):
            artist.set_facecolor(mirror(artist.get_facecolor()))
            artist.set_edgecolor(mirror(artist.get_edgecolor()))
        elif isinstance(artist, Collection):
            if artist.get_array() is None:  # colours from a colour map stay as they are
                artist.set_facecolor(mirror_all(artist.get_facecolor()))
            artist.set_edgecolor(mirror_all(artist.get_edgecolor()))
    for ax in fig.axes:  # last: ticks and grid lines are re-made at each draw from these settings
        ax.tick_params(which="both", color=DARK_INK, labelcolor=DARK_INK)
        gridlines = ax.xaxis.get_gridlines() + ax.yaxis.get_gridlines()
        if gridlines:  # already mirrored above
            ax.tick_params(which="both", grid_color=gridlines[0].get_color())


def _asset(filename):
    return resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
