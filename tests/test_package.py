"""The package's promise: its core runs on NumPy alone."""

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "negedu"
TEACHING_ONLY = {"plotting", "interactive", "exercises"}  # matplotlib and ipywidgets allowed there
# every public module and subpackage of negedu except the teaching-only ones: a new module is
# checked without anyone having to list it
CORE = sorted(
    f"negedu.{path.stem}"
    for path in PACKAGE.iterdir()
    if not path.name.startswith("_")
    and (path.suffix == ".py" or (path / "__init__.py").exists())
    and path.stem not in TEACHING_ONLY
)
FIGURE_MODULES = sorted(f"negedu.{path.stem}" for path in PACKAGE.glob("_plots_*.py"))


def test_the_module_lists_are_found():
    assert {"negedu.metrics", "negedu.neighbors", "negedu.resampling", "negedu.losses", "negedu.anomaly"} <= set(CORE)
    assert "negedu._plots_anomaly" in FIGURE_MODULES and len(FIGURE_MODULES) >= 7


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_numpy_only(module):
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('sklearn', 'imblearn', 'scipy', 'matplotlib', 'ipywidgets', 'torch') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


@pytest.mark.parametrize("module", FIGURE_MODULES)
def test_figure_modules_import_first_without_a_cycle(module):
    # negedu.plotting re-exports these modules: importing one of them before negedu.plotting
    # (as the doctest collector may) must not meet a half-initialised module
    code = f"import {module}, negedu.plotting as p; print(p.plot_classes.__name__, p.plot_anomaly_map.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["plot_classes", "plot_anomaly_map"]
