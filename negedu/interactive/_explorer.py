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
        """Figure (PNG data URI), numbers and text alternative of one state."""
        from ..plotting import figure_to_data_uri
        import matplotlib.pyplot as plt

        nums = self.numbers(**values)
        fig = self.draw(**values)
        try:
            uri = figure_to_data_uri(fig)
        finally:
            plt.close(fig)
        return uri, nums, self.describe(values, nums)

    # ------------------------------------------------------------------ static HTML
    def to_html(self):
        """Self-contained HTML + JavaScript with every state precomputed."""
        uid = "nx-" + uuid.uuid4().hex[:10]
        images, image_index, states = [], {}, []
        from ._state_cache import render_states  # rendered states, cached by content in the book build

        for uri, nums, text in render_states(self, list(self.states()), _REGISTRY.get(self.name)):
            if uri not in image_index:
                image_index[uri] = len(images)
                images.append(uri)
            states.append(
                {
                    "img": image_index[uri],
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
            f'<div class="nx-body"><figure class="nx-figure">'
            f'<img src="{images[first["img"]]}" alt="{html.escape(first["text"])}">'
            f'<figcaption class="nx-text" aria-live="polite">{html.escape(first["text"])}</figcaption>'
            f"</figure>"
            f'<table class="nx-numbers"><tbody>{rows}</tbody></table></div>'
            f'<script type="application/json" class="nx-data">{payload}</script>'
            f"<style>{_asset('explorer.css')}</style>"
            f"<script>{_asset('explorer.js')}</script>"
            f"</div>"
        )

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


def _asset(filename):
    return resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
