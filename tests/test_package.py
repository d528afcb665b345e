"""The package's promise: its core runs on NumPy alone."""

import subprocess
import sys

import pytest

CORE = ["negedu.metrics", "negedu.neighbors", "negedu.resampling", "negedu.losses", "negedu.datasets", "negedu.multiclass", "negedu.anomaly", "negedu.contrastive"]


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_numpy_only(module):
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('sklearn', 'imblearn', 'scipy', 'matplotlib', 'ipywidgets', 'torch') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"
