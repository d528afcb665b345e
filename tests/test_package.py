"""The package's promise: its core runs on NumPy alone."""

import subprocess
import sys

import pytest

CORE = ["negedu.metrics", "negedu.neighbors", "negedu.resampling", "negedu.losses", "negedu.datasets", "negedu.multiclass", "negedu.anomaly", "negedu.contrastive", "negedu.shift", "negedu.ensemble", "negedu.openset"]


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_numpy_only(module):
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('sklearn', 'imblearn', 'scipy', 'matplotlib', 'ipywidgets', 'torch') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


@pytest.mark.parametrize("module", ["negedu._plots_one_vs_rest", "negedu._plots_anomaly", "negedu._plots_contrastive", "negedu._plots_case_study_fraud", "negedu._plots_shifting_negatives", "negedu._plots_openset"])
def test_figure_modules_import_first_without_a_cycle(module):
    # negedu.plotting re-exports these modules: importing one of them before negedu.plotting
    # (as the doctest collector may) must not meet a half-initialised module
    code = f"import {module}, negedu.plotting as p; print(p.plot_classes.__name__, p.plot_anomaly_map.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["plot_classes", "plot_anomaly_map"]
